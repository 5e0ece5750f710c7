/**
 * What every procedure runs with: who calls (the principal of a valid API token, or nobody) and the app-wide runtime
 * that runs domain use cases on the services the server wired.
 */
import type {
  ApiTokenRepository,
  CustomerRepository,
  DeliveryLog,
  Ids,
  OrderRepository,
  Outbox,
  Permission,
  RoleRepository,
  Secrets,
  SubscriptionContractRepository,
  Tenant,
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

/**
 * The caller: a token of one tenant, with its role's id, name and permissions, and whether that role is the built-in
 * admin role. It is the `Grant.Grantor` of the access use cases.
 */
export interface Principal {
  readonly tenantId: Tenant.TenantId
  readonly tokenId: string
  readonly roleId: string
  readonly roleName: string
  readonly isAdmin: boolean
  readonly permissions: ReadonlyArray<Permission.Permission>
}

/** Runs an effect on the app-wide runtime. */
export type Runner = <A, E>(effect: Effect.Effect<A, E, Services>) => Promise<Exit.Exit<A, E>>

/** The tRPC context of a request. */
export interface Context {
  readonly principal: Principal | null
  readonly run: Runner
}
