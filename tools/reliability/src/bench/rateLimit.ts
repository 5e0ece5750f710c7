/**
 * Section `ratelimit`: what the rate limit shared across server processes costs a `customers.get` on PostgreSQL.
 * The same gets against three server processes on one database, one after another: the limit off (the baseline),
 * the limit on with the default lease (a process takes 10 calls of a token's budget per statement), and the limit on
 * with a lease of one call (a statement per call, the mechanism the lease was chosen over). The limit is set too
 * high to refuse anything, so what is measured is only its bookkeeping.
 */
import * as Creates from "./creates.ts"
import * as Databases from "./databases.ts"
import * as Measure from "./measure.ts"
import type { Options } from "./options.ts"
import type * as Report from "./report.ts"

const gotten = 50
const unlimited = { PATRON_RATE_LIMIT_PER_MINUTE: "0" }
const variants = [
  { name: "lease of 10 calls", env: { PATRON_RATE_LIMIT_PER_MINUTE: "100000000", PATRON_RATE_LIMIT_LEASE: "10" } },
  { name: "a statement per call", env: { PATRON_RATE_LIMIT_PER_MINUTE: "100000000", PATRON_RATE_LIMIT_LEASE: "1" } }
] as const

const gets = async (server: Databases.Server, ids: ReadonlyArray<string>, options: Options) => {
  const inputs = ids.map((id) => ({ id }))
  await Measure.http({ base: server.base, procedure: "customers.get", inputs, connections: 8, seconds: 2 })
  const measured: Array<Measure.Throughput> = []
  for (const connections of options.clients) {
    measured.push(
      await Measure.http({
        base: server.base,
        procedure: "customers.get",
        inputs,
        connections,
        seconds: options.seconds
      })
    )
  }
  return measured
}

const measuredOn = async (
  database: Databases.Database,
  env: Readonly<Record<string, string>>,
  run: (server: Databases.Server) => Promise<Array<Measure.Throughput>>
) => {
  const server = await Databases.serve(database, env)
  try {
    return await run(server)
  } finally {
    await server.stop()
  }
}

/** Runs the section and adds its rows to the table. */
export const run = async (options: Options, table: Report.Table) => {
  const database = await Databases.create("PostgreSQL")
  try {
    const ids: Array<string> = []
    const off = await measuredOn(database, unlimited, async (server) => {
      for (let i = 0; i < gotten; i++) ids.push((await server.client.customers.create.mutate(Creates.input)).id)
      console.log(
        `  PostgreSQL: customers.get with the rate limit off, then on (${variants.map((v) => v.name).join(", then ")})`
      )
      return gets(server, ids, options)
    })
    for (const variant of variants) {
      const on = await measuredOn(database, variant.env, (server) => gets(server, ids, options))
      for (const [i, connections] of options.clients.entries()) {
        const [limited, baseline] = [on[i]!, off[i]!]
        table.rows.push({
          database: "PostgreSQL",
          figure: `${connections} client${connections === 1 ? "" : "s"}, ${variant.name}`,
          pairs: [
            { patron: limited.perSecond, raw: baseline.perSecond },
            { patron: limited.latency.p50, raw: baseline.latency.p50 }
          ]
        })
        console.log(
          `  ${connections} clients, ${variant.name}: ${Math.round(limited.perSecond)}/s vs ${Math.round(baseline.perSecond)}/s with the limit off`
        )
      }
    }
  } finally {
    await database.drop()
  }
}

/** The section's table. */
export const table = (options: Options): Report.Table => ({
  title: "customers.get with the shared rate limit",
  unit: "per second; p50 in ms",
  columns: ["per second", "p50 ms"],
  baseline: "limit off",
  notes: [
    `Patron: autocannon GETs /trpc/customers.get rotating over ${gotten} customers for ${options.seconds} s per client count, on PostgreSQL, with PATRON_RATE_LIMIT_PER_MINUTE=100000000 (never refusing) and PATRON_RATE_LIMIT_LEASE as the row says.`,
    "limit off: the same run against a server with PATRON_RATE_LIMIT_PER_MINUTE=0 on the same database, measured first.",
    "Patron ÷ limit off is what the shared limit costs: below 1 for per second, the fraction of the rate kept."
  ],
  rows: []
})
