/**
 * `pnpm bench`: Patron as a user runs it (the real server process over HTTP, the real worker processes, PostgreSQL
 * and embedded PGlite, a real receiver), each figure beside a raw baseline measured in the same run (and the customer
 * calls beside a bare `node:http` handler too). Prints the
 * machine and versions, then a table per section; writes everything to `bench/results/latest.json`.
 * Quick run: `pnpm bench`; full run: `pnpm bench --full`; sizes as flags (see options.ts and the README).
 */
import { loadavg } from "node:os"
import { Stats } from "../harness/index.ts"
import * as Customers from "./customers.ts"
import * as Databases from "./databases.ts"
import * as Exports from "./exports.ts"
import * as Options from "./options.ts"
import * as Queries from "./queries.ts"
import * as RateLimit from "./rateLimit.ts"
import * as Report from "./report.ts"
import * as Restarts from "./restarts.ts"
import * as Upserts from "./upserts.ts"
import * as Usage from "./usage.ts"
import * as Webhooks from "./webhooks.ts"

const options = Options.parse()
const started = Date.now()
const machine = Stats.machine()
const versions = await Databases.versions()
const report: Report.Report = {
  header: {
    machine: `${machine.cores} cores, ${machine.cpu}, ${machine.memoryGb} GB memory`,
    node: machine.node,
    postgresql: versions.postgresql,
    pglite: versions.pglite,
    started: new Date(started).toISOString(),
    "load average at start": loadavg()[0]!.toFixed(2)
  },
  options: { ...options },
  tables: [],
  loading: [],
  memory: []
}
console.log(Report.render(report).split("\n\n")[0])

const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`
const section = async (name: string, tables: ReadonlyArray<Report.Table>, run: () => Promise<void>) => {
  if (!options.sections.includes(name)) return
  console.log(`\n[${elapsed()}] ${name}`)
  report.tables.push(...tables)
  await run()
  for (const table of tables) console.log(`\n${Report.markdown(table)}`)
}

const part = (label: string, run: () => Promise<void>) => Restarts.surviving(label, run, Report.mark(report))

const customers = Customers.tables(options)
await section("customers", [customers.create, customers.get], async () => {
  for (const engine of options.databases) {
    await part(`customers on ${engine}`, () => Customers.run(engine, options, customers, report.memory))
  }
})
const upserts = Upserts.table()
await section("upserts", [upserts], async () => {
  for (const engine of options.databases) {
    await part(`upserts on ${engine}`, () => Upserts.run(engine, upserts, report.memory))
  }
})
const exports = Exports.table(options)
await section("exports", [exports], async () => {
  if (!options.databases.includes("PostgreSQL")) return
  for (const count of options.customers) await part(`exports of ${count}`, () => Exports.run(count, exports, report))
})
const rateLimit = RateLimit.table(options)
await section("ratelimit", [rateLimit], async () => {
  if (options.databases.includes("PostgreSQL")) await part("rate limit", () => RateLimit.run(options, rateLimit))
})
const queries = Queries.table(options)
await section("queries", [queries], async () => {
  for (const count of options.customers) {
    for (const engine of options.databases) {
      await part(`queries on ${engine}`, () => Queries.run(engine, count, options, queries, report))
    }
  }
})
const usage = Usage.tables(options)
await section("usage", [usage.summary, usage.record], async () => {
  for (const engine of options.databases)
    await part(`usage on ${engine}`, () => Usage.run(engine, options, usage, report))
})
const webhooks = Webhooks.tables(options)
await section("webhooks", [webhooks.throughput, webhooks.cpu, webhooks.latency], async () => {
  if (options.databases.includes("PostgreSQL"))
    await part("webhooks", () => Webhooks.run(options, webhooks, report.memory))
})

report.header.finished = new Date().toISOString()
// Other work on the machine (tests, drills) during the run shows here and skews the figures.
report.header["load average at end"] = loadavg()[0]!.toFixed(2)
report.header.seconds = Math.round((Date.now() - started) / 1000)
console.log(`\n[${elapsed()}] done\n\n${Report.render(report)}`)
console.log(`\nwritten to ${Report.write(report)}`)
process.exit(0)
