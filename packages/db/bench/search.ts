/**
 * Customer search over a large tenant, on PGlite and on PostgreSQL: the repository's `list` with a search beside the
 * same query in raw SQL on the same driver, with the query plan. Run: `pnpm --filter @patron/db bench`
 * (flags: `--customers 100000 --queries 200`). PostgreSQL is skipped with a reason when it is unreachable.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import os from "node:os"
import { CustomerRepository, type Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import * as BulkLoad from "../src/BulkLoad.ts"
import * as CustomerListing from "../src/CustomerListing.ts"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import { Database } from "../src/Database.ts"
import * as Tenants from "../src/Tenants.ts"
import { freshPGlite, freshPostgres, postgresAvailability } from "../test/databases.ts"
import { generate } from "./customers.ts"

const flag = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}
const customerCount = flag("customers", 100_000)
const queryCount = flag("queries", 200)
const tenant = "ten_00000000000000000000000001" as Tenant.TenantId
const terms = ["lovel", "STERGÅ", "hopper-4", "ada.4242@", "erp-9999", "industries 75", "torvalds-13", "+47 1004"]

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const start = performance.now()
    yield* effect
    return performance.now() - start
  })

const latencies = <E, R>(run: (term: string) => Effect.Effect<unknown, E, R>) =>
  Effect.gen(function* () {
    const samples: Array<number> = []
    for (let i = 0; i < queryCount; i++) samples.push(yield* timed(run(terms[i % terms.length] as string)))
    samples.sort((a, b) => a - b)
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) }
  })

const measure = (driver: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    const repository = yield* CustomerRepository
    const version = (yield* Effect.orDie(db.query<{ v: string }>(sql`select version() as v`)))[0]?.v ?? "?"
    yield* Tenants.ensure({ id: tenant, name: "bench" })
    const loadMillis = yield* timed(BulkLoad.customers(tenant, generate(customerCount)))
    yield* Effect.orDie(db.exec("analyze"))

    // Warm both paths once, then measure them in the same run.
    yield* latencies((search) => repository.list(tenant, { search }))
    const api = yield* latencies((search) => repository.list(tenant, { search }))
    const raw = yield* latencies((search) =>
      Effect.orDie(
        db.query(sql`select document from customers where tenant_id = ${tenant}
          and search_text like ${CustomerListing.containing(search.toLowerCase())}
          order by created_at desc, id desc limit 51`)
      )
    )
    const statement = yield* CustomerListing.statement(tenant, { search: "erp-4242" }, 50)
    const plan = (yield* Effect.orDie(db.query<Record<string, string>>(sql`explain analyze ${statement}`))).map(
      (row) => Object.values(row)[0] as string
    )
    return { driver, version: version.split(" ").slice(0, 2).join(" "), loadMillis, api, raw, plan }
  })

const program = Effect.gen(function* () {
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`
  )
  console.log(`customers: ${customerCount}, queries per figure: ${queryCount}, terms: ${terms.join(" | ")}`)
  const results = []
  results.push(
    yield* measure("PGlite").pipe(Effect.provide(CustomerRepositoryLive.layer.pipe(Layer.provideMerge(freshPGlite()))))
  )
  const postgres = yield* Effect.promise(postgresAvailability)
  if (postgres.available) {
    results.push(
      yield* measure("PostgreSQL").pipe(
        Effect.provide(CustomerRepositoryLive.layer.pipe(Layer.provideMerge(freshPostgres())))
      )
    )
  } else console.log(`PostgreSQL skipped: ${postgres.reason}`)

  for (const r of results)
    console.log(`${r.driver}: ${r.version}; loaded ${customerCount} customers in ${(r.loadMillis / 1000).toFixed(1)} s`)
  console.log("\n| database | customers.list search p50 | p99 | raw SQL p50 | p99 | ratio p50 |")
  console.log("|---|---|---|---|---|---|")
  for (const r of results) {
    const f = (ms: number) => `${ms.toFixed(2)} ms`
    console.log(
      `| ${r.driver} | ${f(r.api.p50)} | ${f(r.api.p99)} | ${f(r.raw.p50)} | ${f(r.raw.p99)} | ${(r.api.p50 / r.raw.p50).toFixed(2)} |`
    )
  }
  for (const r of results) console.log(`\nplan on ${r.driver} (search "erp-4242"):\n  ${r.plan.join("\n  ")}`)
  mkdirSync(new URL("../../../bench/results/", import.meta.url), { recursive: true })
  writeFileSync(
    new URL("../../../bench/results/search.json", import.meta.url),
    JSON.stringify({ customerCount, queryCount, results }, null, 2)
  )
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  console.error(error)
  process.exit(1)
})
