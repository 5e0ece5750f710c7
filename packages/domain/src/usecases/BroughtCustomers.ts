/**
 * The customer an order brings (`OrderCustomer`), inside the order's transaction: found by identifier, then by
 * external reference, else created (`customer.created`). Two orders bringing the same new customer at once make one:
 * the second insert meets the unique index on (tenant, identifier) or on the external reference pair, waits for the
 * first transaction, and the lookup run again finds what it committed.
 */
import { Effect, Option } from "effect"
import type * as Customer from "../Customer.ts"
import * as DomainEvent from "../DomainEvent.ts"
import * as OrderCustomer from "../OrderCustomer.ts"
import * as Permission from "../Permission.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { CurrentTenant } from "../Tenant.ts"
import * as Customers from "./Customers.ts"
import { publish } from "./publish.ts"

/** The customer of an order and whether the order created it. */
export interface Resolved {
  readonly customer: Customer.Customer
  readonly isCreated: boolean
}

const findFirst = Effect.fnUntraced(function* (brought: OrderCustomer.Brought) {
  const tenant = yield* CurrentTenant
  const repository = yield* CustomerRepository
  for (const lookup of OrderCustomer.lookups(brought)) {
    const found = yield* repository.find(tenant.id, lookup, { lock: "share" })
    if (Option.isSome(found)) return found
  }
  return Option.none<Customer.Customer>()
})

/**
 * Finds or creates the customer an order brings; call it inside the order's transaction. Creating needs
 * `customers:create` among `granted` (the caller's permissions; a system caller passes none and may create).
 */
export const resolve = Effect.fnUntraced(function* (
  brought: OrderCustomer.Brought,
  granted: ReadonlyArray<Permission.Permission> | undefined
) {
  const found = yield* findFirst(brought)
  if (Option.isSome(found)) return { customer: found.value, isCreated: false } satisfies Resolved
  if (granted !== undefined) yield* Permission.check(granted, "customers:create")
  const customer = yield* Customers.build(yield* Effect.fromResult(OrderCustomer.creation(brought)))
  const tenant = yield* CurrentTenant
  const refusal = yield* (yield* CustomerRepository).insert(tenant.id, customer).pipe(
    Effect.as(Option.none<Customer.IdentifierTaken | Customer.ExternalReferenceTaken>()),
    Effect.catchTags({
      IdentifierTaken: (taken) =>
        OrderCustomer.isRaceOn(brought, taken) ? Effect.succeedSome(taken) : Effect.fail(taken),
      ExternalReferenceTaken: (taken) =>
        OrderCustomer.isRaceOn(brought, taken) ? Effect.succeedSome(taken) : Effect.fail(taken)
    })
  )
  if (Option.isSome(refusal)) {
    // Another transaction created it since the lookup: it has committed, so the lookup now finds it.
    const created = yield* findFirst(brought)
    if (Option.isNone(created)) return yield* Effect.fail(refusal.value)
    return { customer: created.value, isCreated: false } satisfies Resolved
  }
  yield* publish([new DomainEvent.CustomerCreated({ data: customer })])
  return { customer, isCreated: true } satisfies Resolved
})
