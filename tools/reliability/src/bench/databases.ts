/**
 * The database a bench run works on, fresh for the run: an embedded PGlite data directory or a new database on the
 * machine's PostgreSQL. Each is bootstrapped by the real server (migrations, tenant `default`, the admin token), then
 * served by it over HTTP, or opened raw for the baselines.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Client, Postgres, Processes } from "../harness/index.ts"
import * as Raw from "./raw.ts"

export type Engine = "PGlite" | "PostgreSQL"

export const engines: ReadonlyArray<Engine> = ["PGlite", "PostgreSQL"]

export interface Database {
  readonly engine: Engine
  /** What the server needs to run on this database. */
  readonly env: Readonly<Record<string, string>>
  /** Raw SQL through the server's driver; on PGlite the server must be stopped first. */
  readonly raw: (connections: number) => Promise<Raw.Raw>
  readonly drop: () => Promise<void>
}

/** A started server and what it cost. */
export interface Server {
  readonly base: string
  readonly client: Client.Client
  readonly peakRssMb: () => number
  /** Stops the server and gives its peak RSS in MB. */
  readonly stop: () => Promise<number>
}

// No sample data, no rate limit (the harness), and no webhook worker inside the server unless a run asks for one.
const serverDefaults = { PATRON_ADMIN_TOKEN: Client.adminToken, PATRON_SEED: "0", PATRON_WORKER: "0" }

// The servers still running on each database, stopped when it is dropped (a part that failed midway leaves some).
const running = new Map<Database, Set<Server>>()

/** Starts the server on a database, with extra environment variables. */
export const serve = (database: Database, env: Readonly<Record<string, string>> = {}): Promise<Server> =>
  tracked(database, Processes.server({ ...serverDefaults, ...database.env, ...env }))

/** Starts the bare handler (bare.ts) on a database, in a process of its own as the server is; on PGlite, alone. */
export const serveBare = (database: Database): Promise<Server> =>
  tracked(database, bare({ ...serverDefaults, ...database.env }))

const bare = async (env: Readonly<Record<string, string>>): Promise<Processes.Started> => {
  let output = ""
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "bare.ts")], {
    env: { ...process.env, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  const deadline = Date.now() + 30_000
  for (;;) {
    const base = /bare handler listening on (\S+)/.exec(output)?.[1]
    if (base !== undefined) return { process: child, base, output: () => output }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill()
      throw new Error(`the bare handler did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A started process as a Server, stopped when its database is dropped at the latest. */
const tracked = async (database: Database, starting: Promise<Processes.Started>): Promise<Server> => {
  const started = await starting
  const peakRssMb = () => Processes.peakRssMb(started.process.pid)
  let peak = Number.NaN
  const servers = running.get(database) ?? new Set<Server>()
  running.set(database, servers)
  const server: Server = {
    base: started.base,
    client: Client.client(started.base, Client.adminToken),
    peakRssMb,
    stop: async () => {
      if (servers.delete(server)) {
        peak = peakRssMb()
        await Processes.stop(started.process)
      }
      return peak
    }
  }
  servers.add(server)
  return server
}

/** A fresh, bootstrapped database of an engine; `drop` also stops the servers still running on it. */
export const create = async (engine: Engine): Promise<Database> => {
  const made = engine === "PGlite" ? pglite() : await postgres()
  const database: Database = {
    ...made,
    drop: async () => {
      await Promise.all([...(running.get(database) ?? [])].map((server) => server.stop()))
      running.delete(database)
      await made.drop()
    }
  }
  try {
    await (await serve(database)).stop()
  } catch (error) {
    await database.drop()
    throw error
  }
  return database
}

const pglite = (): Database => {
  const dir = mkdtempSync(join(tmpdir(), "patron-bench-"))
  return {
    engine: "PGlite",
    env: { PATRON_DATA_DIR: dir },
    raw: () => Raw.pglite(join(dir, "data")),
    drop: async () => rmSync(dir, { recursive: true, force: true })
  }
}

const postgres = async (): Promise<Database> => {
  const { url, drop } = await Postgres.createDatabase()
  return { engine: "PostgreSQL", env: { DATABASE_URL: url }, raw: async (n) => Raw.postgres(url, n), drop }
}

/** The id of the tenant `default`, which the server made at its first start. */
export const defaultTenant = async (raw: Raw.Statements): Promise<string> => {
  const [row] = await raw.query<{ id: string }>("select id from tenants where name = 'default'")
  if (row === undefined) throw new Error("the server did not create the tenant default")
  return row.id
}

/** Runs `use` with raw SQL on the database, closing it afterwards. */
export const withRaw = async <A>(
  database: Database,
  connections: number,
  use: (raw: Raw.Raw) => Promise<A>
): Promise<A> => {
  const raw = await database.raw(connections)
  try {
    return await use(raw)
  } finally {
    await raw.close()
  }
}

/** The server's PostgreSQL version, and PGlite's package and PostgreSQL versions. */
export const versions = async () => {
  const { url, drop } = await Postgres.createDatabase()
  try {
    const postgresql = await Postgres.version(url)
    const embedded = await Raw.pglite("memory://")
    const [row] = await embedded.query<{ v: string }>("select current_setting('server_version') as v")
    await embedded.close()
    return { postgresql, pglite: `${pgliteVersion()} (PostgreSQL ${row?.v ?? "?"})` }
  } finally {
    await drop()
  }
}

// The package does not export its package.json: read it beside the entry point (dist/index.js).
const pgliteVersion = (): string =>
  (
    JSON.parse(readFileSync(new URL("../package.json", import.meta.resolve("@electric-sql/pglite")), "utf8")) as {
      version: string
    }
  ).version
