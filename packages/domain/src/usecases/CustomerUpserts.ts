/**
 * `customers.upsert`: one customer found by its match and created, updated or left unchanged (see `CustomerUpsert`),
 * in one transaction with its event (`customer.created` or `customer.updated`; none when unchanged). The matched row
 * is locked from the read to the commit; two upserts creating the same customer at once end as one creation and one
 * update (or unchanged): the second meets the unique index, and its lookup run again finds the first's customer.
 */
import { DateTime, Effect } from "effect"
import type * as Customer from "../Customer.ts"
import * as CustomerUpsert from "../CustomerUpsert.ts"
import * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { Transactions } from "../ports/Transactions.ts"
import { CurrentTenant } from "../Tenant.ts"
import { newAddressIds } from "./Customers.ts"
import { publish } from "./publish.ts"

const lookupOf = (match: CustomerUpsert.Match): Customer.Lookup => match

/** Whether a refusal concerns the handle the row matches by: someone created the customer since the lookup. */
const isOnMatch = (match: CustomerUpsert.Match, refusal: Customer.IdentifierTaken | Customer.ExternalReferenceTaken) =>
  refusal._tag === "IdentifierTaken"
    ? "identifier" in match && match.identifier === refusal.identifier
    : "externalReference" in match &&
      match.externalReference.key === refusal.key &&
      match.externalReference.value === refusal.value

const attempt = Effect.fnUntraced(function* (row: CustomerUpsert.Row) {
  const tenant = yield* CurrentTenant
  const repository = yield* CustomerRepository
  const current = yield* repository.find(tenant.id, lookupOf(row.match), { lock: "update" })
  const id = (yield* (yield* Ids).make("customer")) as Customer.CustomerId
  const now = yield* DateTime.now
  const addressIds = yield* newAddressIds(row.customer.addresses)
  const planned = yield* Effect.fromResult(CustomerUpsert.plan(current, row, { id, now, addressIds }))
  if (planned.outcome === "created") {
    yield* repository.insert(tenant.id, planned.customer)
    yield* publish([new DomainEvent.CustomerCreated({ data: planned.customer })])
  } else if (planned.outcome === "updated") {
    yield* repository.update(tenant.id, planned.customer)
    yield* publish([new DomainEvent.CustomerUpdated({ data: planned.customer })])
  }
  return planned
})

/** Creates, updates or leaves unchanged the customer a row matches; answers it with the outcome. */
export const upsert = Effect.fn("Customers.upsert")(function* (row: CustomerUpsert.Row) {
  return yield* (yield* Transactions).run(
    attempt(row).pipe(
      Effect.catchTags({
        IdentifierTaken: (taken) => (isOnMatch(row.match, taken) ? attempt(row) : Effect.fail(taken)),
        ExternalReferenceTaken: (taken) => (isOnMatch(row.match, taken) ? attempt(row) : Effect.fail(taken))
      })
    )
  )
})
