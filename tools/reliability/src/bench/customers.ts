/**
 * Section 1: `customers.create` throughput over HTTP (autocannon, 1/8/64 concurrent clients) beside raw
 * parameterized INSERTs of the same rows through the same driver with the same concurrency: per customer one
 * transaction inserting its row and its `customer.created` outbox message, as the create writes them.
 */
import { Customer, DomainEvent, Ids } from "@patron/domain"
import { DateTime, Result, Schema } from "effect"
import * as Databases from "./databases.ts"
import * as Measure from "./measure.ts"
import type { Options } from "./options.ts"
import { storedRow } from "./population.ts"
import type * as Report from "./report.ts"

/** The body autocannon posts; `[<id>]` is a unique id per request. */
const body = JSON.stringify({
  firstName: "Ada",
  lastName: "Bench [<id>]",
  email: "bench.[<id>]@example.com",
  meta: { segment: "gold" }
})

const ulidNow = () =>
  Ids.ulid(
    Date.now(),
    Array.from({ length: 16 }, () => Math.floor(Math.random() * 32))
  )

/** The rows `customers.create` writes for the body above: the customer and its outbox message, built beforehand. */
const rowsOf = (index: number) => {
  const input = Schema.decodeUnknownSync(Customer.CreateInput)({
    firstName: "Ada",
    lastName: `Bench raw${index}`,
    email: `bench.raw${index}@example.com`,
    meta: { segment: "gold" }
  })
  const now = DateTime.nowUnsafe()
  const made = Customer.make(input, { id: `cus_${ulidNow()}` as Customer.CustomerId, now, addressIds: [] })
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
    message: [`msg_${ulidNow()}`, JSON.stringify(event), row.created_at]
  }
}

const insertCustomer = `insert into customers (tenant_id, id, identifier, type, last_name_key, search_text, meta,
  version, created_at, updated_at, document) values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11::jsonb)`
const insertMessage = `insert into outbox_messages (tenant_id, id, type, payload, occurred_at)
  values ($1, $2, 'customer.created', $3::jsonb, $4::timestamptz)`

/** Runs the section on one database and adds its rows and memory to the report. */
export const run = async (
  engine: Databases.Engine,
  options: Options,
  table: Report.Table,
  memory: Array<Report.Memory>
) => {
  const database = await Databases.create(engine)
  try {
    const server = await Databases.serve(database)
    console.log(`  ${engine}: warming up, then ${options.seconds} s per client count over HTTP`)
    await Measure.http({ base: server.base, procedure: "customers.create", body, connections: 8, seconds: 2 })
    const patron: Array<Measure.Throughput> = []
    for (const connections of options.clients) {
      patron.push(
        await Measure.http({
          base: server.base,
          procedure: "customers.create",
          body,
          connections,
          seconds: options.seconds
        })
      )
    }
    memory.push({ database: engine, run: "customers.create", process: "server", peakRssMb: await server.stop() })
    // The server's pool has 10 connections; the baseline's has as many, so 64 loops share 10 as 64 clients do.
    await Databases.withRaw(database, 10, async (raw) => {
      const tenant = await Databases.defaultTenant(raw)
      for (const [i, connections] of options.clients.entries()) {
        const count = Math.max(500, patron[i]!.completed)
        const rows = Array.from({ length: count }, (_, index) => rowsOf(i * 1_000_000 + index))
        const baseline = await Measure.loops(count, connections, (index) =>
          raw.transaction(async (tx) => {
            const { customer, message } = rows[index]!
            await tx.query(insertCustomer, [tenant, ...customer])
            await tx.query(insertMessage, [tenant, ...message])
          })
        )
        table.rows.push({
          database: engine,
          figure: `${connections} client${connections === 1 ? "" : "s"}`,
          pairs: [
            { patron: patron[i]!.perSecond, raw: baseline.perSecond },
            { patron: patron[i]!.latency.p99, raw: baseline.latency.p99 }
          ]
        })
        console.log(
          `  ${engine} ${connections} client${connections === 1 ? "" : "s"}: ${Math.round(patron[i]!.perSecond)} creates/s over HTTP, ` +
            `${Math.round(baseline.perSecond)} raw inserts/s`
        )
      }
    })
  } finally {
    await database.drop()
  }
}

/** The section's table. */
export const table = (options: Options): Report.Table => ({
  title: "customers.create throughput",
  unit: "per second; p99 in ms",
  columns: ["per second", "p99 ms"],
  notes: [
    `Patron: autocannon POSTs /trpc/customers.create for ${options.seconds} s per client count (unique names and emails), after a 2 s warm-up.`,
    "raw: the same number of rows (at least 500), each as BEGIN; INSERT customer; INSERT outbox message; COMMIT, from as many concurrent loops over a pool of 10 connections (PGlite: its one connection, in the bench process, with the server stopped).",
    "Patron ÷ raw below 1 means Patron does that fraction of the raw rate; for p99 above 1 it takes that many times as long."
  ],
  rows: []
})
