/**
 * `customers.upsertMany`: up to 1,000 upserts (see `CustomerUpsert`) in one transaction and a fixed number of
 * statements, whatever the number of rows: one read of every customer the rows match or whose identifier or external
 * reference pairs they name (locked), one insert of the new customers, one update of the changed ones (each with one
 * statement for their pairs), one outbox insert. Each row is checked on its own; a row fails when it does not decode,
 * when it matches the same customer as an earlier row (or the same new handle), or when it would take an identifier
 * or pair another customer or an earlier row holds. `rejectAll` (the default) then writes nothing and answers
 * InputInvalid with every failed row's issues; `rejectFailedRows` writes the other rows. Issue paths start at the
 * batch's input: `["rows", 3, "customer", "email"]`. A concurrent writer taking a handle between the read and the
 * write fails the whole batch with IdentifierTaken or ExternalReferenceTaken.
 */
import { DateTime, Effect, Option, Result } from "effect"
import * as Customer from "../Customer.ts"
import * as CustomerUpsert from "../CustomerUpsert.ts"
import * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { Transactions } from "../ports/Transactions.ts"
import { CurrentTenant } from "../Tenant.ts"
import * as Validation from "../Validation.ts"
import { newAddressIds } from "./Customers.ts"
import { publish } from "./publish.ts"

const checkRow = Validation.check(CustomerUpsert.Row, ...CustomerUpsert.rowRules)

/** Every identifier and reference pair the rows match by or give their customer. */
const handlesNamed = (rows: ReadonlyArray<CustomerUpsert.Row>) => ({
  identifiers: [
    ...new Set(
      rows.flatMap((row) => [
        ...("identifier" in row.match ? [row.match.identifier] : []),
        ...(row.customer.identifier === undefined ? [] : [row.customer.identifier])
      ])
    )
  ],
  references: rows.flatMap((row) => [
    ...("externalReference" in row.match ? [row.match.externalReference] : []),
    ...Object.entries(row.customer.externalReferences ?? {}).map(([key, value]) => ({ key, value }))
  ])
})

/** The first handle of a planned customer that another customer or an earlier row holds, as an issue of row `index`. */
const takenHandle = (
  index: number,
  customer: Customer.Customer,
  holders: ReadonlyMap<string, { readonly id: string; readonly row?: number }>
): Validation.Issue | undefined => {
  const pairs = Customer.externalReferencePairs(customer)
  const candidates = [
    { handle: CustomerUpsert.handleOf({ identifier: customer.identifier }), path: ["identifier"], what: "identifier" },
    ...pairs.map((externalReference) => ({
      handle: CustomerUpsert.handleOf({ externalReference }),
      path: ["externalReferences", externalReference.key],
      what: "external reference"
    }))
  ]
  for (const { handle, path, what } of candidates) {
    const holder = holders.get(handle)
    if (holder === undefined || holder.id === customer.id) continue
    const name = handle.slice(handle.indexOf(":") + 1)
    const by = holder.row === undefined ? "another customer" : `row ${holder.row}`
    return { path: ["rows", index, "customer", ...path], message: `${what} ${name} is already used by ${by}` }
  }
  return undefined
}

/** Creates, updates or leaves unchanged the customer of each row; answers each row's outcome. */
export const upsertMany = Effect.fn("Customers.upsertMany")(function* (input: CustomerUpsert.BatchInput) {
  const tenant = yield* CurrentTenant
  const repository = yield* CustomerRepository
  const ids = yield* Ids
  const now = yield* DateTime.now
  const checked = input.rows.map((raw) => checkRow(raw, now))
  const decoded = checked.flatMap((result) => (Result.isSuccess(result) ? [result.success] : []))
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const held = yield* repository.holding(tenant.id, handlesNamed(decoded), { lock: "update" })
      const holders = new Map<string, { readonly id: string; readonly row?: number }>()
      for (const customer of held)
        for (const handle of CustomerUpsert.handlesOf(customer)) holders.set(handle, customer)
      const claims = new Map<string, number>()
      const results: Array<CustomerUpsert.RowResult> = []
      const written: Array<CustomerUpsert.Planned> = []
      for (const [index, result] of checked.entries()) {
        const failed = (issues: ReadonlyArray<Validation.Issue>) => results.push({ index, outcome: "failed", issues })
        if (Result.isFailure(result)) {
          failed(CustomerUpsert.underRow(index, result.failure.issues))
          continue
        }
        const row = result.success
        const current = Option.fromNullishOr(held.find((customer) => CustomerUpsert.isMatchedBy(customer, row.match)))
        const claim = Option.isSome(current) ? `customer:${current.value.id}` : CustomerUpsert.handleOf(row.match)
        const earlier = claims.get(claim)
        if (earlier !== undefined) {
          failed([{ path: ["rows", index, "match"], message: `matches the same customer as row ${earlier}` }])
          continue
        }
        claims.set(claim, index)
        const id = Option.isSome(current) ? current.value.id : ((yield* ids.make("customer")) as Customer.CustomerId)
        const addressIds = yield* newAddressIds(row.customer.addresses)
        const planned = CustomerUpsert.plan(current, row, { id, now, addressIds })
        if (Result.isFailure(planned)) {
          failed(CustomerUpsert.underRow(index, planned.failure.issues))
          continue
        }
        const { customer, outcome } = planned.success
        const taken = outcome === "unchanged" ? undefined : takenHandle(index, customer, holders)
        if (taken !== undefined) {
          failed([taken])
          continue
        }
        for (const handle of CustomerUpsert.handlesOf(customer)) holders.set(handle, { id: customer.id, row: index })
        if (outcome !== "unchanged") written.push(planned.success)
        results.push({ index, outcome, id: customer.id })
      }
      const issues = results.flatMap((result) => result.issues ?? [])
      if ((input.errorPolicy ?? "rejectAll") === "rejectAll" && issues.length > 0) {
        return yield* Effect.fail(new Validation.InputInvalid({ issues: Validation.capped(issues) }))
      }
      const created = written.filter((p) => p.outcome === "created").map((p) => p.customer)
      const updated = written.filter((p) => p.outcome === "updated").map((p) => p.customer)
      if (created.length > 0) yield* repository.insertMany(tenant.id, created)
      if (updated.length > 0) yield* repository.updateMany(tenant.id, updated)
      yield* publish(
        written.map((p) =>
          p.outcome === "created"
            ? new DomainEvent.CustomerCreated({ data: p.customer })
            : new DomainEvent.CustomerUpdated({ data: p.customer })
        )
      )
      return { results }
    })
  )
})
