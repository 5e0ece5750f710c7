/**
 * Section `exports`: `GET /export/customers.csv` of every customer of a generated population (the `--customers`
 * sizes: 10,000 quick, also 1,000,000 in the full run) on PostgreSQL, read over HTTP as fast as the client takes it,
 * in rows per second, with the server's peak memory. Beside it, raw SQL through the same driver reading the same
 * stored documents in the same keyset pages of 500 (newest first), without writing any CSV.
 */
import { Client } from "../harness/index.ts"
import * as Databases from "./databases.ts"
import type * as Options from "./options.ts"
import * as Population from "./population.ts"
import type * as Raw from "./raw.ts"
import type * as Report from "./report.ts"

const batchSize = 500

const firstPage = `select document, created_at, id from customers where tenant_id = $1
  order by created_at desc, id desc limit ${batchSize + 1}`
const nextPage = `select document, created_at, id from customers where tenant_id = $1 and (created_at, id) < ($2, $3)
  order by created_at desc, id desc limit ${batchSize + 1}`

/** Reads the whole export, counting its records (sample customers hold no line break in a cell); rows and rows/s. */
const timedExport = async (base: string, filters: Readonly<Record<string, unknown>> = {}) => {
  const started = performance.now()
  const input = encodeURIComponent(JSON.stringify(filters))
  const response = await fetch(`${base}/export/customers.csv?input=${input}`, {
    headers: { authorization: `Bearer ${Client.adminToken}` }
  })
  if (response.status !== 200 || response.body === null) throw new Error(`the export answered ${response.status}`)
  let lines = 0
  const decoder = new TextDecoder()
  for await (const chunk of response.body) {
    const text = decoder.decode(chunk, { stream: true })
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines++
  }
  const rows = lines - 1
  return { rows, perSecond: rows / ((performance.now() - started) / 1000) }
}

/** The raw baseline: every stored document of the tenant, page after keyset page; rows/s. */
const rawRead = async (raw: Raw.Raw, tenant: string, count: number) => {
  const started = performance.now()
  let rows = 0
  let page = await raw.query<{ created_at: Date; id: string }>(firstPage, [tenant])
  for (;;) {
    const items = page.slice(0, batchSize)
    rows += items.length
    const last = items.at(-1)
    if (page.length <= batchSize || last === undefined) break
    page = await raw.query(nextPage, [tenant, last.created_at, last.id])
  }
  if (rows !== count) throw new Error(`the raw read saw ${rows} customers of ${count}`)
  return rows / ((performance.now() - started) / 1000)
}

/** Runs the section for one population size on PostgreSQL and adds its row to the table. */
export const run = async (count: number, table: Report.Table, report: Pick<Report.Report, "loading" | "memory">) => {
  const database = await Databases.create("PostgreSQL")
  const size = count.toLocaleString("en-US")
  try {
    const loaded = await Databases.withRaw(database, 2, async (raw) =>
      Population.load(raw, await Databases.defaultTenant(raw), count)
    )
    report.loading.push({ database: "PostgreSQL", what: `${size} customers (exports)`, count, seconds: loaded.seconds })
    const server = await Databases.serve(database)
    // A warm-up export of the oldest tenth (one customer was created per second), so the figure is not the first's.
    const tenth = new Date(Population.firstCreatedAt + Math.ceil(count / 10) * 1000).toISOString()
    await timedExport(server.base, { createdBefore: tenth })
    const patron = await timedExport(server.base)
    if (patron.rows !== count) throw new Error(`the export wrote ${patron.rows} rows of ${count}`)
    report.memory.push({
      database: "PostgreSQL",
      run: `export, ${size} customers`,
      process: "server",
      peakRssMb: await server.stop()
    })
    const raw = await Databases.withRaw(database, 1, async (statements) =>
      rawRead(statements, await Databases.defaultTenant(statements), count)
    )
    table.rows.push({
      database: "PostgreSQL",
      figure: `every customer of ${size}`,
      pairs: [{ patron: patron.perSecond, raw }]
    })
    console.log(
      `  PostgreSQL export of ${size} customers: ${Math.round(patron.perSecond)} rows/s, raw ${Math.round(raw)}`
    )
  } finally {
    await database.drop()
  }
}

/** The section's table. */
export const table = (options: Options.Options): Report.Table => ({
  title: "GET /export/customers.csv",
  unit: "rows per second",
  columns: ["rows/s"],
  notes: [
    `Patron: one export of every customer of the tenant (${options.customers.map((n) => n.toLocaleString("en-US")).join(" and ")} generated customers, each with an email, a phone, meta and an external reference), read over HTTP as fast as the client takes it, after one warm-up export; the server reads the keys once, then keyset batches of ${batchSize} it writes as CSV.`,
    `raw: the same stored documents through the same driver, in keyset pages of ${batchSize} (newest first), not written as CSV.`
  ],
  rows: []
})
