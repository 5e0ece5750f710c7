/**
 * What every procedure runs with: who calls (the principal of a valid API token, or nobody) and the app-wide runtime
 * that runs domain use cases on the services the server wired.
 */
import type {
  ApiTokenRepository,
  CustomerRepository,
  DeliveryLog,
  Principal as DomainPrincipal,
  Ids,
  ImportLog,
  OrderRepository,
  Outbox,
  RoleRepository,
  Secrets,
  SubscriptionContractRepository,
  Transactions,
  UsageRepository,
  WebhookEndpointRepository
} from "@patron/domain"
import type { Effect, Exit } from "effect"

/** The services use cases need; the server provides them once, in one runtime. */
export type Services =
  | CustomerRepository
  | OrderRepository
  | SubscriptionContractRepository
  | UsageRepository
  | Outbox
  | Transactions
  | Ids.Ids
  | RoleRepository
  | ApiTokenRepository
  | Secrets
  | WebhookEndpointRepository
  | DeliveryLog
  | ImportLog

/** The caller: the domain's principal (a token of one tenant and its role). */
export type Principal = DomainPrincipal.Principal

/** Runs an effect on the app-wide runtime. */
export type Runner = <A, E>(effect: Effect.Effect<A, E, Services>) => Promise<Exit.Exit<A, E>>

/** The tRPC context of a request. */
export interface Context {
  readonly principal: Principal | null
  readonly run: Runner
}
