/**
 * Section 1: `customers.create` and `customers.get` by id over HTTP (autocannon, with each of `--clients` concurrent
 * clients), measured in the same run on the same database on three sides: Patron (the server process); the bare
 * handler (bare.ts, its own process: `node:http` and the same driver sending the same statements, the floor under any
 * Node HTTP API); and raw SQL through the same driver with no HTTP, from as many concurrent loops.
 */
import { isDeepStrictEqual } from "node:util"
import * as Creates from "./creates.ts"
import * as Databases from "./databases.ts"
import * as Measure from "./measure.ts"
import type { Options } from "./options.ts"
import type * as Report from "./report.ts"
import * as Statements from "./statements.ts"

/** One side's figures, one per client count of `--clients`. */
interface Figures {
  readonly create: ReadonlyArray<Measure.Throughput>
  readonly get: ReadonlyArray<Measure.Throughput>
}

/** What a side answered to one create and to a get of the first id, held to Patron's answers. */
interface Answers {
  readonly create: unknown
  readonly get: unknown
}

// Gets rotate over this many customers, made through Patron before anything is measured.
const gotten = 50

const warmUp = { connections: 8, seconds: 2 }

const overHttp = async (server: Databases.Server, ids: ReadonlyArray<string>, options: Options) => {
  const measure = async (procedure: string, load: { body: string } | { inputs: ReadonlyArray<unknown> }) => {
    await Measure.http({ base: server.base, procedure, ...load, ...warmUp })
    const measured: Array<Measure.Throughput> = []
    for (const connections of options.clients) {
      measured.push(
        await Measure.http({ base: server.base, procedure, ...load, connections, seconds: options.seconds })
      )
    }
    return measured
  }
  const figures: Figures = {
    create: await measure("customers.create", { body: Creates.body }),
    get: await measure("customers.get", { inputs: ids.map((id) => ({ id })) })
  }
  const answers: Answers = {
    create: await server.client.customers.create.mutate(Creates.input),
    get: await server.client.customers.get.query({ id: ids[0]! })
  }
  return { figures, answers }
}

/** Throws unless the bare handler answers as Patron does: the same customer to a get, the same fields to a create. */
const holdTo = (patron: Answers, bare: Answers) => {
  const fields = (created: unknown) => {
    const { id, identifier, createdAt, updatedAt, ...rest } = created as Record<string, unknown>
    return { keys: Object.keys(created as object).sort(), rest }
  }
  if (!isDeepStrictEqual(patron.get, bare.get) || !isDeepStrictEqual(fields(patron.create), fields(bare.create))) {
    throw new Error(`the bare handler answers otherwise than Patron: ${JSON.stringify({ patron, bare })}`)
  }
}

const rawSql = (database: Databases.Database, patron: Figures, ids: ReadonlyArray<string>, options: Options) =>
  // The server's pool has 10 connections; the baseline's has as many, so 64 loops share 10 as 64 clients do.
  Databases.withRaw(database, 10, async (raw): Promise<Figures> => {
    const tenant = await Databases.defaultTenant(raw)
    const create: Array<Measure.Throughput> = []
    const get: Array<Measure.Throughput> = []
    for (const [i, connections] of options.clients.entries()) {
      create.push(await Creates.raw(raw, tenant, Math.max(500, patron.create[i]!.completed), connections, i))
      const count = Math.max(500, patron.get[i]!.completed)
      get.push(await Measure.loops(count, connections, (k) => raw.query(Statements.get, [tenant, ids[k % ids.length]])))
    }
    return { create, get }
  })

const clients = (connections: number) => `${connections} client${connections === 1 ? "" : "s"}`

const row = (engine: string, connections: number, sides: ReadonlyArray<Measure.Throughput>): Report.Row => {
  const [patron, bare, raw] = sides as [Measure.Throughput, Measure.Throughput, Measure.Throughput]
  const pair = (figure: (t: Measure.Throughput) => number) => ({
    patron: figure(patron),
    bare: figure(bare),
    raw: figure(raw)
  })
  return {
    database: engine,
    figure: clients(connections),
    pairs: [pair((t) => t.perSecond), pair((t) => t.latency.p50), pair((t) => t.latency.p99)]
  }
}

/** Runs the section on one database and adds its rows and memory to the report. */
export const run = async (
  engine: Databases.Engine,
  options: Options,
  tables: { readonly create: Report.Table; readonly get: Report.Table },
  memory: Array<Report.Memory>
) => {
  const database = await Databases.create(engine)
  try {
    const server = await Databases.serve(database)
    const ids: Array<string> = []
    for (let i = 0; i < gotten; i++) ids.push((await server.client.customers.create.mutate(Creates.input)).id)
    console.log(`  ${engine}: warming up, then ${options.seconds} s per client count over HTTP: Patron, bare handler`)
    const patron = await overHttp(server, ids, options)
    memory.push({ database: engine, run: "customers", process: "server", peakRssMb: await server.stop() })
    const handler = await Databases.serveBare(database)
    const bare = await overHttp(handler, ids, options)
    memory.push({ database: engine, run: "customers", process: "bare handler", peakRssMb: await handler.stop() })
    holdTo(patron.answers, bare.answers)
    const raw = await rawSql(database, patron.figures, ids, options)
    for (const [i, connections] of options.clients.entries()) {
      const at = (kind: keyof Figures) => [patron.figures, bare.figures, raw].map((side) => side[kind][i]!)
      tables.create.rows.push(row(engine, connections, at("create")))
      tables.get.rows.push(row(engine, connections, at("get")))
      const rates = (kind: keyof Figures) =>
        at(kind)
          .map((figure) => Math.round(figure.perSecond))
          .join(" / ")
      console.log(
        `  ${engine} ${clients(connections)}, per second, Patron / bare / raw: ` +
          `creates ${rates("create")}, gets ${rates("get")}`
      )
    }
  } finally {
    await database.drop()
  }
}

const notes = (options: Options, what: string, raw: string) => [
  `Patron: autocannon ${what} for ${options.seconds} s per client count, after a ${warmUp.seconds} s warm-up with ${warmUp.connections} clients; p50/p99 from each response's time. With 1 client, p50 is the latency of one call after another.`,
  "bare handler: the same autocannon runs against bare.ts, its own process on the same database after Patron's: node:http, the same driver (a pool of 10; PGlite: its one connection) and Patron's statements, no tRPC, Effect, Schema or token lookup (JSON.parse, a constant-time header compare), answering with the same JSON.",
  `raw: ${raw}, from as many concurrent loops over a pool of 10 connections (PGlite: its one connection, in the bench process, with the server stopped); no HTTP.`,
  "Patron ÷ bare is what Patron's layers cost over the floor of a Node HTTP handler; Patron ÷ raw adds HTTP itself. Below 1 for per second, Patron does that fraction of the rate; above 1 for p50/p99, it takes that many times as long."
]

/** The section's two tables. */
export const tables = (options: Options) => ({
  create: {
    title: "customers.create throughput",
    unit: "per second; p50 and p99 in ms",
    columns: ["per second", "p50 ms", "p99 ms"],
    notes: notes(
      options,
      "POSTs /trpc/customers.create (unique names and emails)",
      "as many customers as Patron made (at least 500), each as BEGIN; INSERT customer; INSERT outbox message; NOTIFY; COMMIT"
    ),
    rows: []
  } satisfies Report.Table,
  get: {
    title: "customers.get throughput",
    unit: "per second; p50 and p99 in ms",
    columns: ["per second", "p50 ms", "p99 ms"],
    notes: notes(
      options,
      `GETs /trpc/customers.get?input={"id":…} rotating over ${gotten} customers`,
      "as many gets as Patron answered (at least 500), the same SELECT document by tenant and id"
    ),
    rows: []
  } satisfies Report.Table
})
