/**
 * What a drill runs against: a database of its own (a fresh PostgreSQL database, or PGlite in a temporary directory),
 * the real server process (or a fleet of them on one PostgreSQL), webhook workers as separate processes (PostgreSQL)
 * or inside the server (PGlite), and the drill's receiver subscribed to the customer events. Every process started
 * here is killed if the drill dies.
 */
import type { ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Client as Harness, Postgres, Processes } from "../harness/index.ts"
import { type Client, client } from "./calls.ts"
import * as Receiver from "./receiver.ts"

export type Engine = "PostgreSQL" | "PGlite"

/** Retries come quickly in drills, and still span about a minute, longer than any outage a drill causes. */
export const retrySchedule = "1s,2s,3s,5s,8s,13s,21s"

export interface Worker {
  readonly process: ChildProcess
  readonly output: () => string
  /** Whether the drill killed it on purpose (a worker that exits otherwise has died). */
  readonly killed: boolean
}

/** How many processes a world runs; a fleet needs PostgreSQL. */
export interface Shape {
  /** Starts the receiver's endpoint and the standalone workers (default true). */
  readonly webhooks?: boolean
  /** Server processes on the one database (default 1). */
  readonly servers?: number
  /** Standalone worker processes (default 1; PostgreSQL only). */
  readonly workers?: number
}

export interface World {
  readonly engine: Engine
  readonly setting: string
  readonly databaseUrl: string | undefined
  /** The first server process, and every one of the fleet. */
  readonly server: Processes.Started
  readonly servers: ReadonlyArray<Processes.Started>
  /** The admin's client of the first server, and one per server. */
  readonly admin: Client
  readonly admins: ReadonlyArray<Client>
  readonly receiver: Receiver.Receiver
  readonly endpointId: string
  /** The standalone workers started so far (PostgreSQL), the killed and the dead among them. */
  readonly workers: ReadonlyArray<Worker>
  readonly startWorker: () => Worker
  /** SIGKILLs a worker on purpose and waits until it is gone. */
  readonly killWorker: (worker: Worker) => Promise<void>
  /** Starts the servers that died again on the same database, on new ports; `servers` and `admins` follow. */
  readonly restartServer: () => Promise<void>
  readonly close: () => Promise<void>
}

const children = new Set<ChildProcess>()
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
})

const track = (child: ChildProcess) => {
  children.add(child)
  child.once("exit", () => children.delete(child))
  return child
}

export const customerEvents = ["customer.created", "customer.updated", "customer.deleted"] as const

const first = <A>(items: ReadonlyArray<A>): A => {
  const item = items[0]
  if (item === undefined) throw new Error("a world runs at least one server")
  return item
}

/** Whether a process is still running. */
export const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

/** Starts a world of the given shape. */
export const open = async (engine: Engine, options: Shape = {}): Promise<World> => {
  const withWebhooks = options.webhooks ?? true
  const database = engine === "PostgreSQL" ? await Postgres.createDatabase() : undefined
  // PostgreSQL mode keeps only the admin-token file there; either way it stays out of the repository.
  const dataDir = mkdtempSync(join(tmpdir(), "patron-drill-"))
  const env: Record<string, string> = {
    PATRON_ADMIN_TOKEN: Harness.adminToken,
    PATRON_SEED: "0",
    PATRON_WEBHOOKS_ALLOW_PRIVATE: "1",
    PATRON_WEBHOOK_RETRY_SCHEDULE: retrySchedule,
    PATRON_WORKER_LEASE_MS: "3000",
    PATRON_WORKER_POLL_MS: "500",
    PATRON_DATA_DIR: dataDir,
    ...(database === undefined ? { PATRON_WORKER: "1" } : { DATABASE_URL: database.url, PATRON_WORKER: "0" })
  }
  const version = database === undefined ? "" : ` ${await Postgres.version(database.url)}`
  if (database === undefined && (options.servers ?? 1) > 1) throw new Error("a fleet of servers needs PostgreSQL")
  const startServer = async () => {
    const started = await Processes.server(env)
    track(started.process)
    return started
  }
  const servers = await Promise.all(Array.from({ length: options.servers ?? 1 }, startServer))
  const admins = servers.map((started) => client(started.base, Harness.adminToken))
  const receiver = await Receiver.start()
  const workers: Array<Worker & { killed: boolean }> = []
  const startWorker = () => {
    if (database === undefined) throw new Error("standalone workers need PostgreSQL")
    const worker = { ...Processes.capturedWorker(database.url, env), killed: false }
    track(worker.process)
    workers.push(worker)
    return worker
  }
  let endpointId = ""
  if (withWebhooks) {
    const endpoint = await first(admins).webhooks.create.mutate({ url: receiver.url, events: [...customerEvents] })
    receiver.secret = endpoint.secret
    endpointId = endpoint.id
    if (database !== undefined) for (let i = 0; i < (options.workers ?? 1); i++) startWorker()
  }
  return {
    engine,
    setting: `${engine}${version}`,
    databaseUrl: database?.url,
    get server() {
      return first(servers)
    },
    servers,
    get admin() {
      return first(admins)
    },
    admins,
    receiver,
    endpointId,
    workers,
    startWorker,
    killWorker: async (worker) => {
      const tracked = workers.find((candidate) => candidate.process === worker.process)
      if (tracked !== undefined) tracked.killed = true
      await Processes.stop(worker.process, "SIGKILL")
    },
    restartServer: async () => {
      for (const [index, started] of servers.entries()) {
        if (isRunning(started.process)) continue
        await Processes.stop(started.process, "SIGKILL")
        servers[index] = await startServer()
        admins[index] = client(servers[index].base, Harness.adminToken)
      }
    },
    close: async () => {
      await Promise.all(workers.map((worker) => Processes.stop(worker.process)))
      await Promise.all(servers.map((started) => Processes.stop(started.process)))
      await receiver.close()
      await database?.drop().catch((error) => console.error(`drill: could not drop the database: ${error}`))
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Runs a drill in a fresh world and always closes it. */
export const within = async <A>(engine: Engine, options: Shape, drill: (world: World) => Promise<A>): Promise<A> => {
  const world = await open(engine, options)
  try {
    return await drill(world)
  } finally {
    await world.close()
  }
}

/** Whether every server process is still running. */
export const isServerUp = (world: World) => world.servers.every((started) => isRunning(started.process))

/** The workers that exited without the drill killing them. */
export const deadWorkers = (world: World) =>
  world.workers.filter((worker) => !worker.killed && !isRunning(worker.process))

/** The last lines a server (the first that exited, if one did) printed besides its request log (a stack trace, say). */
export const serverLogTail = (world: World, lines = 14) =>
  (world.servers.find((started) => !isRunning(started.process)) ?? world.server)
    .output()
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.includes('"msg":"request"'))
    .slice(-lines)
    .join(" ⏎ ")

/** The log lines that report an unexpected failure (every server logs one beside each 5xx it answers). */
export const unexpectedFailures = (output: string) =>
  output.split("\n").filter((line) => line.includes("unexpected failure")).length
