/**
 * Section `upserts`: `customers.upsertMany` of 1,000 rows over HTTP (the server process), in rows per second, for
 * rows whose match finds nobody (all created), the same rows again (all unchanged: one read, nothing written) and the
 * rows with a changed email (all updated); and `POST /import/customers` of a 5,000-row CSV of new customers (the
 * import drives the same use case 500 rows at a time). Beside it, raw SQL through the same driver doing what Patron's set-based
 * statements do for the same rows, on rows built beforehand with the domain: created, one transaction of one
 * multi-row insert of customers, one of their reference pairs, one of the outbox messages and the NOTIFY; unchanged,
 * the one select of the matched customers; updated, one update from a recordset, the pairs deleted and inserted, the
 * outbox messages and the NOTIFY.
 */
import { Customer, DomainEvent, Ids } from "@patron/domain"
import { DateTime, Result, Schema } from "effect"
import { Client } from "../harness/index.ts"
import * as Databases from "./databases.ts"
import { storedRow } from "./population.ts"
import type * as Raw from "./raw.ts"
import type * as Report from "./report.ts"
import * as Statements from "./statements.ts"

const rowsPerCall = 1000
const calls = 5

const recordset = `r(id text, identifier text, type text, last_name_key text, search_text text, meta jsonb,
  version int, created_at timestamptz, updated_at timestamptz, document jsonb)`

const insertCustomers = `insert into customers (tenant_id, id, identifier, type, last_name_key, search_text, meta,
    version, created_at, updated_at, document)
  select $1, r.id, r.identifier, r.type, r.last_name_key, r.search_text, r.meta, r.version, r.created_at,
    r.updated_at, r.document
  from jsonb_to_recordset($2::jsonb) as ${recordset}`

const updateCustomers = `update customers as c set identifier = r.identifier, type = r.type,
    last_name_key = r.last_name_key, search_text = r.search_text, meta = r.meta, version = r.version,
    created_at = r.created_at, updated_at = r.updated_at, document = r.document
  from jsonb_to_recordset($2::jsonb) as ${recordset}
  where c.tenant_id = $1 and c.id = r.id and c.version = r.version - 1`

const insertReferences = `insert into customer_external_references (tenant_id, key, value, customer_id)
  select $1, r.key, r.value, r.customer_id from jsonb_to_recordset($2::jsonb) as r(key text, value text,
  customer_id text)`

const deleteReferences = `delete from customer_external_references where tenant_id = $1
  and customer_id in (select jsonb_array_elements_text($2::jsonb))`

const insertMessages = `insert into outbox_messages (tenant_id, id, type, payload, occurred_at)
  select $1, r.id, r.type, r.payload, r.occurred_at
  from rows from (jsonb_to_recordset($2::jsonb) as (id text, type text, payload jsonb, occurred_at timestamptz))
    with ordinality as r(id, type, payload, occurred_at, n)
  order by r.n`

const matched = `select document from customers where tenant_id = $1 and id in (select customer_id
  from customer_external_references where tenant_id = $1 and (key, value) in
    (select pair.key, pair.value from jsonb_to_recordset($2::jsonb) as pair(key text, value text))) for update`

const ulidNow = () =>
  Ids.ulid(
    Date.now(),
    Array.from({ length: 16 }, () => Math.floor(Math.random() * 32))
  )

/** The rows of call `call`: each matched by its own external reference pair. */
const rowsOf = (call: number, email?: string) =>
  Array.from({ length: rowsPerCall }, (_, n) => ({
    match: { externalReference: { key: "bench", value: `b-${call}-${n}` } },
    customer: {
      firstName: "Ada",
      lastName: `Upsert ${call} ${n}`,
      email: email ?? `upsert.${call}.${n}@example.com`,
      meta: { segment: "gold" }
    }
  }))

const timedCalls = async (run: (call: number) => Promise<unknown>) => {
  const started = performance.now()
  for (let call = 0; call < calls; call++) await run(call)
  return (rowsPerCall * calls) / ((performance.now() - started) / 1000)
}

/** The customers Patron would store for the rows of a call, at version 1 and as updated to version 2. */
const storedOf = (call: number) =>
  rowsOf(call).map((row) => {
    const decoded = Schema.decodeUnknownSync(Customer.CreateInput)({
      ...row.customer,
      externalReferences: { [row.match.externalReference.key]: row.match.externalReference.value }
    })
    const now = DateTime.nowUnsafe()
    const made = Customer.make(decoded, { id: `cus_${ulidNow()}` as Customer.CustomerId, now, addressIds: [] })
    if (Result.isFailure(made)) throw made.failure
    return { created: made.success, updated: { ...made.success, email: "changed@example.com", version: 2 } }
  })

const messagesOf = (customers: ReadonlyArray<Customer.Customer>, isCreated: boolean) =>
  JSON.stringify(
    customers.map((customer) => {
      const event = isCreated
        ? new DomainEvent.CustomerCreated({ data: customer })
        : new DomainEvent.CustomerUpdated({ data: customer })
      return {
        id: `msg_${ulidNow()}`,
        type: event.type,
        payload: DomainEvent.toJson(event),
        occurred_at: DateTime.formatIso(customer.updatedAt)
      }
    })
  )

const pairsOf = (customers: ReadonlyArray<Customer.Customer>) =>
  JSON.stringify(
    customers.flatMap((c) =>
      Object.entries(c.externalReferences).map(([key, value]) => ({ key, value, customer_id: c.id }))
    )
  )

const rawSql = (database: Databases.Database) =>
  Databases.withRaw(database, 10, async (raw) => {
    const tenant = await Databases.defaultTenant(raw)
    // Calls numbered from 100 so the raw rows never meet Patron's.
    const stored = Array.from({ length: calls }, (_, call) => storedOf(100 + call))
    const write = (list: ReadonlyArray<Customer.Customer>, isCreated: boolean) => (tx: Raw.Statements) =>
      (async () => {
        const rows = JSON.stringify(list.map(storedRow))
        await tx.query(isCreated ? insertCustomers : updateCustomers, [tenant, rows])
        if (!isCreated) await tx.query(deleteReferences, [tenant, JSON.stringify(list.map((c) => c.id))])
        await tx.query(insertReferences, [tenant, pairsOf(list)])
        await tx.query(insertMessages, [tenant, messagesOf(list, isCreated)])
        await tx.query(Statements.notify, [Statements.channel])
      })()
    const created = await timedCalls((call) =>
      raw.transaction(
        write(
          stored[call]!.map((s) => s.created),
          true
        )
      )
    )
    const unchanged = await timedCalls((call) =>
      raw.transaction(async (tx) => {
        const pairs = rowsOf(100 + call).map((row) => row.match.externalReference)
        await tx.query(matched, [tenant, JSON.stringify(pairs)])
      })
    )
    const updated = await timedCalls((call) =>
      raw.transaction(
        write(
          stored[call]!.map((s) => s.updated),
          false
        )
      )
    )
    return { created, unchanged, updated }
  })

/** Rows in the CSV the import is timed with: new customers, matched by their `ref.bench` column. */
const importRows = 5_000

/** The CSV of `importRows` new customers (the columns of docs/csv.md), numbered from call `call` on. */
const importFile = (call: number) =>
  [
    "firstName,lastName,email,meta.segment,ref.bench",
    ...Array.from(
      { length: importRows },
      (_, n) => `Ada,Import ${n},import.${call}.${n}@example.com,gold,i-${call}-${n}`
    )
  ].join("\n")

/** `POST /import/customers` of `importFile(call)`: the answer ends when the import has; rows/s. */
const timedImport = async (server: Databases.Server, call: number) => {
  const started = performance.now()
  const response = await fetch(`${server.base}/import/customers?match=externalReference:bench`, {
    method: "POST",
    headers: { authorization: `Bearer ${Client.adminToken}`, "content-type": "text/csv" },
    body: importFile(call)
  })
  const { importId } = (await response.json()) as { readonly importId: string }
  const perSecond = importRows / ((performance.now() - started) / 1000)
  const report = await server.client.imports.get.query({ id: importId as never })
  if (report.status !== "succeeded" || report.created !== importRows) {
    throw new Error(`the bench import ended ${report.status} with ${report.created} of ${importRows} created`)
  }
  return perSecond
}

/** Runs the section on one database and adds its rows to the table. */
export const run = async (engine: Databases.Engine, table: Report.Table, memory: Array<Report.Memory>) => {
  const database = await Databases.create(engine)
  try {
    const server = await Databases.serve(database)
    const upsertMany = (rows: ReturnType<typeof rowsOf>) =>
      server.client.customers.upsertMany.mutate({ rows }).then(({ results }) => {
        if (results.some((result) => result.outcome === "failed")) throw new Error("a bench row failed")
      })
    // A warm-up call of its own rows, so the figures are not the first call's.
    await upsertMany(rowsOf(99))
    const patron = {
      created: await timedCalls((call) => upsertMany(rowsOf(call))),
      unchanged: await timedCalls((call) => upsertMany(rowsOf(call))),
      updated: await timedCalls((call) => upsertMany(rowsOf(call, "changed@example.com")))
    }
    // The CSV import of new customers, after a warm-up import of its own.
    await timedImport(server, 99)
    const imported = await timedImport(server, 0)
    memory.push({ database: engine, run: "upserts", process: "server", peakRssMb: await server.stop() })
    const raw = await rawSql(database)
    table.rows.push({
      database: engine,
      figure: `CSV import, ${importRows.toLocaleString("en")} rows created`,
      pairs: [{ patron: imported, raw: raw.created }]
    })
    console.log(
      `  ${engine} CSV import of ${importRows} rows: ${Math.round(imported)} rows/s, raw ${Math.round(raw.created)}`
    )
    for (const kind of ["created", "unchanged", "updated"] as const) {
      table.rows.push({
        database: engine,
        figure: `1,000 rows, all ${kind}`,
        pairs: [{ patron: patron[kind], raw: raw[kind] }]
      })
      console.log(
        `  ${engine} upsertMany 1,000 rows all ${kind}: ${Math.round(patron[kind])} rows/s, raw ${Math.round(raw[kind])}`
      )
    }
  } finally {
    await database.drop()
  }
}

/** The section's table. */
export const table = (): Report.Table => ({
  title: "customers.upsertMany 1,000 rows, and the CSV import",
  unit: "rows per second",
  columns: ["rows/s"],
  notes: [
    `Patron: ${calls} calls of POST /trpc/customers.upsertMany with ${rowsPerCall.toLocaleString("en")} rows each (matched by external reference; names, email, meta), one after another, after a warm-up call: first all created, then the same rows all unchanged, then all updated (a new email).`,
    `CSV import: POST /import/customers of ${importRows.toLocaleString("en")} new customers (names, email, meta.segment, ref.bench, matched by externalReference:bench) after a warm-up import, from the request to the answer's end (the import ended); its raw is the "created" raw below.`,
    "raw: the same number of rows through the same driver, one transaction per 1,000 (rows built beforehand with the domain): created, a multi-row insert of customers, one of their pairs, one of outbox messages and the NOTIFY; unchanged, the one locked select of the matched customers; updated, an update from a recordset, the pairs deleted and inserted, the outbox messages and the NOTIFY."
  ],
  rows: []
})
