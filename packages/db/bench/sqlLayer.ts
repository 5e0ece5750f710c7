/**
 * The cost of Patron's hand-written SQL layer beside the libraries that could replace it, on PostgreSQL, in one run:
 * raw `pg` (the baseline; also with named, prepared statements), Patron's `Database` service, drizzle's query
 * builder on node-postgres, and effect's SqlClient (`@effect/sql-pg`, its own wire-protocol driver; by default with
 * prepared statements, and without).
 * Each has its own pool of the same size; each runs the same two operations with 1 and 16 concurrent callers, after
 * a warm-up: (a) get one customer's document by (tenant_id, id) out of ~1,000; (b) create: one transaction inserting a
 * customer row and an outbox message row, with the columns CustomerRepository and Outbox write.
 * The layers themselves are in sqlLayers.ts; results are checked (the get finds the document as an object, every create
 * writes its two rows) before anything is timed.
 * Run: `pnpm --filter @patron/db bench:sql` (flags: `--gets 4000 --creates 2000 --warmup 300 --pool 10 --rounds 5`).
 */
import os from "node:os"
import { type Customer, DomainEvent, Ids, type Tenant } from "@patron/domain"
import { Effect, Layer, ManagedRuntime } from "effect"
import pg from "pg"
import * as BulkLoad from "../src/BulkLoad.ts"
import * as CustomerListing from "../src/CustomerListing.ts"
import { Database, layerPostgres } from "../src/Database.ts"
import { migrate } from "../src/Migrator.ts"
import * as Tenants from "../src/Tenants.ts"
import { temporaryPostgresDatabase } from "../test/databases.ts"
import { generate } from "./customers.ts"
import { type CreateInput, open, type Subject } from "./sqlLayers.ts"

const flag = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}
const getCount = flag("gets", 4000)
const createCount = flag("creates", 2000)
const warmupCount = flag("warmup", 300)
const poolSize = flag("pool", 10)
const rounds = flag("rounds", 5)
const callerCounts = [1, 16]
const seeded = 1000
const tenant = "ten_00000000000000000000000001" as Tenant.TenantId

// Creates: a generated customer as CustomerRepository stores it, and its customer.created message; fresh ids each.
const template = generate(1, { start: "2026-06-01T00:00:00Z", seed: 7 })[0] as Customer.Customer
let created = 0
/** How many creates have committed, to check the table holds each of them at the end. */
let committed = 0
const createInputs = (count: number): ReadonlyArray<CreateInput> =>
  Array.from({ length: count }, () => {
    const n = created++
    const suffix = Ids.ulid(
      Date.now(),
      Array.from({ length: 16 }, () => Math.floor(Math.random() * 32))
    )
    const customer = { ...template, id: `cus_${suffix}` as Customer.CustomerId, identifier: `bench-${n}` }
    const row = CustomerListing.rowOf(customer)
    return {
      customer: {
        id: row.id,
        identifier: row.identifier,
        type: row.type,
        lastNameKey: row.last_name_key,
        searchText: row.search_text,
        meta: row.meta,
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        document: row.document
      },
      message: {
        id: `msg_${suffix}`,
        type: "customer.created",
        payload: DomainEvent.toJson(new DomainEvent.CustomerCreated({ data: customer })),
        occurredAt: row.created_at
      }
    }
  })

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

/** Runs `count` operations from `callers` concurrent loops; gives each operation's latency and the time it all took. */
const measure = async (count: number, callers: number, operation: (i: number) => Promise<unknown>) => {
  const samples = new Float64Array(count)
  let next = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = next++; i < count; i = next++) {
        const began = performance.now()
        await operation(i)
        samples[i] = performance.now() - began
      }
    })
  )
  return { samples, elapsed: performance.now() - start }
}

/**
 * Each subject's figure for one operation and caller count: a warm-up each, then `rounds` rounds in which every
 * subject runs its share in turn (the order rotating), so a change of load on the shared machine falls on all alike.
 */
const figures = async (
  subjects: ReadonlyArray<Subject>,
  callers: number,
  count: number,
  operation: (subject: Subject) => (i: number) => Promise<unknown>
) => {
  for (const subject of subjects) await measure(warmupCount, callers, operation(subject))
  const per = Math.ceil(count / rounds)
  const runs = subjects.map(() => ({ samples: [] as Array<number>, elapsed: 0 }))
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const index = (k + round) % subjects.length
      const run = await measure(per, callers, operation(subjects[index] as Subject))
      const into = runs[index] as (typeof runs)[number]
      into.samples.push(...run.samples)
      into.elapsed += run.elapsed
    }
  }
  return subjects.map((subject, index) => {
    const { samples, elapsed } = runs[index] as (typeof runs)[number]
    const sorted = Float64Array.from(samples).sort()
    return {
      layer: subject.name,
      callers,
      opsPerSecond: (sorted.length / elapsed) * 1000,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99)
    }
  })
}

type Figure = Awaited<ReturnType<typeof figures>>[number]

/** Every subject answers the get with the seeded document, as an object, and the create writes both rows. */
const check = async (subject: Subject, ids: ReadonlyArray<string>, count: (table: string) => Promise<number>) => {
  const rows = await subject.get(ids[0] as string)
  const document = rows[0]?.document as { id?: unknown } | undefined
  if (rows.length !== 1 || typeof document !== "object" || document.id !== ids[0])
    throw new Error(`${subject.name}: the get returned ${JSON.stringify(rows).slice(0, 200)}`)
  const [before, beforeMessages] = [await count("customers"), await count("outbox_messages")]
  await subject.create(createInputs(1)[0] as CreateInput)
  committed++
  if ((await count("customers")) !== before + 1 || (await count("outbox_messages")) !== beforeMessages + 1)
    throw new Error(`${subject.name}: the create did not write one customer and one message`)
}

const ms = (value: number) => `${value.toFixed(3)} ms`

const table = (title: string, figures: ReadonlyArray<Figure>) => {
  const lines = [
    `### ${title}`,
    "",
    "| layer | callers | ops/s | p50 | p99 | ÷ raw |",
    "| --- | ---: | ---: | ---: | ---: | ---: |"
  ]
  for (const figure of figures) {
    const raw = figures.find((f) => f.layer === "raw pg" && f.callers === figure.callers)
    const ratio = raw === undefined ? Number.NaN : figure.opsPerSecond / raw.opsPerSecond
    lines.push(
      `| ${figure.layer} | ${figure.callers} | ${figure.opsPerSecond.toFixed(0)} | ${ms(figure.p50)} | ${ms(figure.p99)} | ${ratio.toFixed(2)} |`
    )
  }
  return lines.join("\n")
}

const run = async (url: string) => {
  // Schema and seed through Patron's own migrations and bulk load.
  const seeding = ManagedRuntime.make(Layer.effectDiscard(migrate).pipe(Layer.provideMerge(layerPostgres({ url }))))
  const ids = generate(seeded).map((customer) => customer.id as string)
  await seeding.runPromise(
    Effect.gen(function* () {
      yield* Tenants.ensure({ id: tenant, name: "bench" })
      yield* BulkLoad.customers(tenant, generate(seeded))
      const db = yield* Database
      yield* Effect.orDie(db.exec("analyze"))
    })
  )
  await seeding.dispose()

  const counter = new pg.Pool({ connectionString: url, max: 1 })
  const count = async (name: string) =>
    Number((await counter.query(`select count(*) as n from ${name}`)).rows[0]?.n ?? Number.NaN)
  const subjects = await open({ url, tenant, poolSize })
  try {
    return await compare(subjects, ids, count)
  } finally {
    await counter.end()
    for (const subject of subjects) await subject.close()
  }
}

const compare = async (
  subjects: ReadonlyArray<Subject>,
  ids: ReadonlyArray<string>,
  count: (table: string) => Promise<number>
) => {
  for (const subject of subjects) await check(subject, ids, count)

  const gets: Array<Figure> = []
  const creates: Array<Figure> = []
  for (const callers of callerCounts) {
    gets.push(
      ...(await figures(
        subjects,
        callers,
        getCount,
        (subject) => (i) => subject.get(ids[(i * 7919) % ids.length] as string)
      ))
    )
  }
  for (const callers of callerCounts) {
    creates.push(
      ...(await figures(subjects, callers, createCount, (subject) => {
        const inputs = createInputs(Math.max(warmupCount, Math.ceil(createCount / rounds)))
        return (i) => subject.create(inputs[i] as CreateInput).then(() => void committed++)
      }))
    )
  }
  const expected = seeded + committed
  if ((await count("customers")) !== expected) throw new Error(`expected ${expected} customers after the run`)
  return { gets, creates }
}

const main = async () => {
  const server = await (async () => {
    const client = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" })
    await client.connect()
    const version = (await client.query("show server_version")).rows[0]?.server_version
    await client.end()
    return version
  })()
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")
  console.log(
    `machine: ${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${server}; load at start ${load()}`
  )
  console.log(
    `pool ${poolSize} connections per layer; ${seeded} customers; ${getCount} gets and ${createCount} creates per figure, after ${warmupCount} warm-up, in ${rounds} rounds taking turns`
  )
  const { gets, creates } = await Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(temporaryPostgresDatabase, (url) =>
        Effect.tryPromise({ try: () => run(url), catch: (error) => error })
      )
    )
  )
  console.log("")
  console.log(table("get a customer's document by (tenant_id, id)", gets))
  console.log("")
  console.log(table("create: insert customer + outbox message in one transaction", creates))
  console.log("")
  console.log(`load at end ${load()}`)
}

await main().catch((error) => {
  console.error("the bench failed:", error)
  process.exitCode = 1
})
