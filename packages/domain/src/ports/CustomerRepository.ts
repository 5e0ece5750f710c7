/**
 * The customer store. Adapters check uniqueness of identifier and external reference pairs, and versions.
 */
import { Context, type Effect, type Option } from "effect"
import type * as Customer from "../Customer.ts"
import type * as CustomerQuery from "../CustomerQuery.ts"
import type * as Page from "../Page.ts"
import type { TenantId } from "../Tenant.ts"
import type * as Version from "../Version.ts"

type Taken = Customer.IdentifierTaken | Customer.ExternalReferenceTaken

/** Reads and writes customers of one tenant at a time. */
export class CustomerRepository extends Context.Service<
  CustomerRepository,
  {
    /** Stores a new customer. */
    readonly insert: (tenant: TenantId, customer: Customer.Customer) => Effect.Effect<void, Taken>
    /** Stores new customers, all in one statement (their external reference pairs in a second). */
    readonly insertMany: (tenant: TenantId, customers: ReadonlyArray<Customer.Customer>) => Effect.Effect<void, Taken>
    /**
     * Replaces customers, each at stored version `customer.version - 1`, in one statement (their pairs in two more);
     * fails with VersionConflict naming the first that moved on, writing none.
     */
    readonly updateMany: (
      tenant: TenantId,
      customers: ReadonlyArray<Customer.Customer>
    ) => Effect.Effect<void, Taken | Version.VersionConflict>
    /**
     * The customers holding any of the identifiers or external reference pairs, in one read. Inside a transaction,
     * `lock: "update"` holds their rows until it ends.
     */
    readonly holding: (
      tenant: TenantId,
      handles: {
        readonly identifiers: ReadonlyArray<string>
        readonly references: ReadonlyArray<Customer.ExternalReference>
      },
      options?: { readonly lock?: "update" }
    ) => Effect.Effect<ReadonlyArray<Customer.Customer>>
    /** Replaces a customer whose stored version is `customer.version - 1`; otherwise fails with VersionConflict. */
    readonly update: (
      tenant: TenantId,
      customer: Customer.Customer
    ) => Effect.Effect<void, Taken | Version.VersionConflict>
    /**
     * Finds a customer by id, identifier or external reference. Inside a transaction, `lock` holds the row until it
     * ends: "update" before deleting it, "share" while adding something that belongs to it (an order, a contract), so
     * a deletion and such an addition never interleave.
     */
    readonly find: (
      tenant: TenantId,
      lookup: Customer.Lookup,
      options?: { readonly lock?: "update" | "share" }
    ) => Effect.Effect<Option.Option<Customer.Customer>>
    /**
     * Finds a customer as `find` does and answers it as stored: its encoded form (`Customer.CustomerJson`, what the
     * API sends), not decoded, for a read that passes it on unchanged. The store holds what the domain encoded when
     * it wrote the customer, so a change to that encoding rewrites the stored documents in a migration.
     */
    readonly read: (tenant: TenantId, lookup: Customer.Lookup) => Effect.Effect<Option.Option<Customer.CustomerJson>>
    /** One page of the customers matching a query, in its sort order. */
    readonly list: (
      tenant: TenantId,
      query: CustomerQuery.ListQuery
    ) => Effect.Effect<Page.Page<Customer.Customer>, Page.CursorInvalid>
    /**
     * One page as `list` answers it, each customer as stored (`Customer.CustomerJson`, as `read` answers), for a read
     * that passes them on (the CSV export); `query.limit` may exceed the API's 200.
     */
    readonly readPage: (
      tenant: TenantId,
      query: CustomerQuery.ListQuery
    ) => Effect.Effect<Page.Page<Customer.CustomerJson>, Page.CursorInvalid>
    /** The metadata keys and external reference keys that the customers matching a query's filters hold, sorted. */
    readonly keysOf: (
      tenant: TenantId,
      query: CustomerQuery.ListQuery
    ) => Effect.Effect<{ readonly meta: ReadonlyArray<string>; readonly references: ReadonlyArray<string> }>
    /** Deletes a customer at the given version; fails with VersionConflict when it has moved on. */
    readonly remove: (
      tenant: TenantId,
      id: Customer.CustomerId,
      version: number
    ) => Effect.Effect<void, Version.VersionConflict>
  }
>()("@patron/domain/CustomerRepository") {}
