/**
 * What a drill runs against: a database of its own (a fresh PostgreSQL database, or PGlite in a temporary directory),
 * the real server process, webhook workers as separate processes (PostgreSQL) or inside the server (PGlite), and the
 * drill's receiver subscribed to the customer events. Every process started here is killed if the drill dies.
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
}

export interface World {
  readonly engine: Engine
  readonly setting: string
  readonly databaseUrl: string | undefined
  readonly server: Processes.Started
  readonly admin: Client
  readonly receiver: Receiver.Receiver
  readonly endpointId: string
  /** The standalone workers started so far (PostgreSQL); the last one is the live one. */
  readonly workers: Array<Worker>
  readonly startWorker: () => Worker
  /** Starts the server again on the same database (after it died), on a new port; `server` and `admin` follow. */
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

/** Starts a world; `webhooks: false` skips the receiver's endpoint and the standalone worker. */
export const open = async (engine: Engine, options: { readonly webhooks?: boolean } = {}): Promise<World> => {
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
  let server = await Processes.server(env)
  track(server.process)
  let admin = client(server.base, Harness.adminToken)
  const receiver = await Receiver.start()
  const workers: Array<Worker> = []
  const startWorker = () => {
    if (database === undefined) throw new Error("standalone workers need PostgreSQL")
    const worker = Processes.capturedWorker(database.url, env)
    track(worker.process)
    workers.push(worker)
    return worker
  }
  let endpointId = ""
  if (withWebhooks) {
    const endpoint = await admin.webhooks.create.mutate({ url: receiver.url, events: [...customerEvents] })
    receiver.secret = endpoint.secret
    endpointId = endpoint.id
    if (database !== undefined) startWorker()
  }
  return {
    engine,
    setting: `${engine}${version}`,
    databaseUrl: database?.url,
    get server() {
      return server
    },
    get admin() {
      return admin
    },
    receiver,
    endpointId,
    workers,
    startWorker,
    restartServer: async () => {
      await Processes.stop(server.process, "SIGKILL")
      server = await Processes.server(env)
      track(server.process)
      admin = client(server.base, Harness.adminToken)
    },
    close: async () => {
      await Promise.all(workers.map((worker) => Processes.stop(worker.process)))
      await Processes.stop(server.process)
      await receiver.close()
      await database?.drop().catch((error) => console.error(`drill: could not drop the database: ${error}`))
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Runs a drill in a fresh world and always closes it. */
export const within = async <A>(
  engine: Engine,
  options: { readonly webhooks?: boolean },
  drill: (world: World) => Promise<A>
): Promise<A> => {
  const world = await open(engine, options)
  try {
    return await drill(world)
  } finally {
    await world.close()
  }
}

/** Whether the server process is still running. */
export const isServerUp = (world: World) =>
  world.server.process.exitCode === null && world.server.process.signalCode === null

/** The last lines the server printed besides its request log (a crash's stack trace, say). */
export const serverLogTail = (world: World, lines = 14) =>
  world.server
    .output()
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.includes('"msg":"request"'))
    .slice(-lines)
    .join(" ⏎ ")

/** The server's log lines that report an unexpected failure (logged beside every 5xx it answers). */
export const unexpectedFailures = (output: string) =>
  output.split("\n").filter((line) => line.includes("unexpected failure")).length
