/**
 * Section 2: `customers.get` and `customers.list` (first page, a search, a page 90 % deep by cursor) latency over
 * HTTP, one call after another, on a generated population, beside the same statements in raw SQL: those
 * `CustomerRepository.find` and `CustomerListing.statement` in @patron/db send, through the same driver.
 */
import * as Databases from "./databases.ts"
import * as Measure from "./measure.ts"
import type { Options } from "./options.ts"
import * as Population from "./population.ts"
import type * as Raw from "./raw.ts"
import type * as Report from "./report.ts"

/** Search terms: common and rare, names, emails, references, company names, phones, non-ASCII. */
export const terms = [
  "lovel",
  "STERGÅ",
  "hopper-4",
  "ada.4242@",
  "erp-9999",
  "industries 75",
  "torvalds-13",
  "+47 1004"
]

/** A LIKE pattern finding `text` literally anywhere, as `CustomerListing.containing` makes it. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`

/** The cursor the API gives after a customer in the default order: base64url JSON `[createdAt millis, id]`. */
const cursorAfter = (customer: Population.Loaded["deepAfter"]) =>
  Buffer.from(JSON.stringify([customer.createdAtMillis, customer.id])).toString("base64url")

const page = `select document from customers where tenant_id = $1 %s order by created_at desc, id desc limit 51`
const statements = {
  get: "select document from customers where tenant_id = $1 and id = $2",
  first: page.replace("%s", ""),
  search: page.replace("%s", "and search_text like $2"),
  deep: page.replace("%s", "and (created_at, id) < ($2::timestamptz, $3)")
}

type Kind = keyof typeof statements
const kinds: ReadonlyArray<[Kind, string]> = [
  ["get", "customers.get by id"],
  ["first", "customers.list first page"],
  ["search", "customers.list search"],
  ["deep", "customers.list deep cursor page"]
]

const rawCall = (raw: Raw.Raw, tenant: string, loaded: Population.Loaded) => ({
  get: (i: number) => raw.query(statements.get, [tenant, loaded.sampleIds[i % loaded.sampleIds.length]]),
  first: () => raw.query(statements.first, [tenant]),
  search: (i: number) => raw.query(statements.search, [tenant, containing(terms[i % terms.length]!)]),
  deep: () =>
    raw.query(statements.deep, [tenant, new Date(loaded.deepAfter.createdAtMillis).toISOString(), loaded.deepAfter.id])
})

/** Runs the section for one database and population size. */
export const run = async (
  engine: Databases.Engine,
  count: number,
  options: Options,
  table: Report.Table,
  report: { readonly loading: Array<Report.Loading>; readonly memory: Array<Report.Memory> }
) => {
  const database = await Databases.create(engine)
  try {
    const loaded = await Databases.withRaw(database, 2, async (raw) => {
      const tenant = await Databases.defaultTenant(raw)
      let shown = 0
      return Population.load(raw, tenant, count, {
        progress: (done) => {
          if (done - shown >= 100_000 || done === count) {
            shown = done
            console.log(`  ${engine}: loaded ${done.toLocaleString("en-US")} customers`)
          }
        }
      })
    })
    const size = count.toLocaleString("en-US")
    report.loading.push({ database: engine, what: `${size} customers`, count, seconds: loaded.seconds })
    console.log(
      `  ${engine}: ${size} customers loaded in ${loaded.seconds.toFixed(1)} s; ${options.queries} calls each`
    )

    const server = await Databases.serve(database)
    const cursor = cursorAfter(loaded.deepAfter)
    const api = {
      get: (i: number) => server.client.customers.get.query({ id: loaded.sampleIds[i % loaded.sampleIds.length]! }),
      first: () => server.client.customers.list.query({}),
      search: (i: number) => server.client.customers.list.query({ search: terms[i % terms.length]! }),
      deep: () => server.client.customers.list.query({ cursor })
    }
    const deepPage = await api.deep()
    if (deepPage.items.length === 0) throw new Error("the deep cursor page is empty")
    const patron = new Map<Kind, Measure.Latency>()
    for (const [kind] of kinds) patron.set(kind, await Measure.latency(options.queries, api[kind]))
    report.memory.push({
      database: engine,
      run: `queries, ${size} customers`,
      process: "server",
      peakRssMb: await server.stop()
    })

    await Databases.withRaw(database, 1, async (raw) => {
      const calls = rawCall(raw, await Databases.defaultTenant(raw), loaded)
      for (const [kind, figure] of kinds) {
        const baseline = await Measure.latency(options.queries, calls[kind])
        const measured = patron.get(kind)!
        table.rows.push({
          database: engine,
          figure: `${figure}, ${size} customers`,
          pairs: [
            { patron: measured.p50, raw: baseline.p50 },
            { patron: measured.p99, raw: baseline.p99 }
          ]
        })
      }
    })
  } finally {
    await database.drop()
  }
}

/** The section's table. */
export const table = (options: Options): Report.Table => ({
  title: "customers.get and customers.list latency",
  unit: "ms",
  columns: ["p50", "p99"],
  notes: [
    `Patron: ${options.queries} calls per figure, one after another, through the typed tRPC client over HTTP, after 50 warm-up calls; lookups rotate over 1,000 ids spread over the population, searches over: ${terms.join(" | ")}.`,
    "raw: the same statements (limit 51 = a page of 50 and one to tell whether more follow) through the same driver, after the same warm-up; PGlite: in the bench process on the server's data directory with the server stopped.",
    "The deep page is the page after the customer 90 % of the way down the newest-first list (a keyset cursor)."
  ],
  rows: []
})
