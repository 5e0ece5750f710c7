/**
 * The subscription contract store. Removing a contract removes its usage records with it.
 */
import { Context, type DateTime, type Effect, type Option } from "effect"
import type * as Customer from "../Customer.ts"
import type * as Page from "../Page.ts"
import type * as SubscriptionContract from "../SubscriptionContract.ts"
import type { TenantId } from "../Tenant.ts"
import type * as Version from "../Version.ts"

type Contract = SubscriptionContract.SubscriptionContract

/** The query of `subscriptionContracts.list`: newest first, optionally one customer's, optionally in one state at `now`. */
export interface ContractQuery {
  readonly customerId?: Customer.CustomerId
  readonly state?: Contract["status"]["state"]
  readonly now: DateTime.Utc
  readonly cursor?: string
  readonly limit?: number
}

/** Reads and writes subscription contracts of one tenant at a time. */
export class SubscriptionContractRepository extends Context.Service<
  SubscriptionContractRepository,
  {
    /** Stores a new contract. */
    readonly insert: (tenant: TenantId, contract: Contract) => Effect.Effect<void>
    /** Replaces a contract whose stored version is `contract.version - 1`; otherwise fails with VersionConflict. */
    readonly update: (tenant: TenantId, contract: Contract) => Effect.Effect<void, Version.VersionConflict>
    /** Finds a contract by id; inside a transaction, `lock: "update"` holds its row until the transaction ends. */
    readonly find: (
      tenant: TenantId,
      id: string,
      options?: { readonly lock?: "update" }
    ) => Effect.Effect<Option.Option<Contract>>
    /** One page of contracts, newest first. */
    readonly list: (tenant: TenantId, query: ContractQuery) => Effect.Effect<Page.Page<Contract>, Page.CursorInvalid>
    /** Every contract of a customer. */
    readonly listForCustomer: (
      tenant: TenantId,
      customerId: Customer.CustomerId
    ) => Effect.Effect<ReadonlyArray<Contract>>
    /** Deletes contracts and their usage records. */
    readonly remove: (tenant: TenantId, ids: ReadonlyArray<string>) => Effect.Effect<void>
  }
>()("@patron/domain/SubscriptionContractRepository") {}
