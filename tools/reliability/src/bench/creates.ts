/**
 * The `customers.create` workload of section 1: the body autocannon posts, and its raw baseline: per customer one
 * transaction sending the statements Patron's create sends (statements.ts: the customer's row, its `customer.created`
 * outbox message, the NOTIFY), on rows built beforehand with the domain so the loops only send them.
 */
import { Customer, DomainEvent, Ids } from "@patron/domain"
import { DateTime, Result, Schema } from "effect"
import * as Measure from "./measure.ts"
import { storedRow } from "./population.ts"
import type * as Raw from "./raw.ts"
import * as Statements from "./statements.ts"

/** The body autocannon posts; `[<id>]` is a unique id per request. */
export const body = JSON.stringify({
  firstName: "Ada",
  lastName: "Bench [<id>]",
  email: "bench.[<id>]@example.com",
  meta: { segment: "gold" }
})

/** An input of the same shape, for one create whose answer is compared between Patron and the bare handler. */
export const input = { firstName: "Ada", lastName: "Bench", email: "bench@example.com", meta: { segment: "gold" } }

const ulidNow = () =>
  Ids.ulid(
    Date.now(),
    Array.from({ length: 16 }, () => Math.floor(Math.random() * 32))
  )

/** The statements' parameters `customers.create` sends for the body above: the customer's row and its message. */
const rowsOf = (index: number) => {
  const decoded = Schema.decodeUnknownSync(Customer.CreateInput)({
    ...input,
    lastName: `Bench raw${index}`,
    email: `bench.raw${index}@example.com`
  })
  const now = DateTime.nowUnsafe()
  const made = Customer.make(decoded, { id: `cus_${ulidNow()}` as Customer.CustomerId, now, addressIds: [] })
  if (Result.isFailure(made)) throw made.failure
  const row = storedRow(made.success)
  const event = DomainEvent.toJson(new DomainEvent.CustomerCreated({ data: made.success }))
  return {
    customer: [
      row.id,
      row.identifier,
      row.type,
      row.last_name_key,
      row.search_text,
      JSON.stringify(row.meta),
      row.version,
      row.created_at,
      row.updated_at,
      JSON.stringify(row.document)
    ],
    message: [`msg_${ulidNow()}`, event.type, JSON.stringify(event), row.created_at]
  }
}

/** `count` creates in raw SQL from `concurrency` loops; `batch` keeps each call's names apart from the others'. */
export const raw = (
  raw: Raw.Raw,
  tenant: string,
  count: number,
  concurrency: number,
  batch: number
): Promise<Measure.Throughput> => {
  const rows = Array.from({ length: count }, (_, index) => rowsOf(batch * 1_000_000 + index))
  return Measure.loops(count, concurrency, (index) =>
    raw.transaction(async (tx) => {
      const { customer, message } = rows[index]!
      await tx.query(Statements.insertCustomer, [tenant, ...customer])
      await tx.query(Statements.insertMessage, [tenant, ...message])
      await tx.query(Statements.notify, [Statements.channel])
    })
  )
}
