/**
 * The machine's PostgreSQL (127.0.0.1:5432, user postgres, trust auth): a database per run, dropped afterwards, and a
 * restart of the server itself for the fault drills.
 */
import { execFile, execFileSync, spawn } from "node:child_process"
import { readdirSync } from "node:fs"
import { promisify } from "node:util"
import { postgresAvailability, temporaryPostgresDatabase } from "@patron/db/testing"
import { Effect, Exit, Scope } from "effect"
import pg from "pg"

export { postgresAvailability }

/** Creates an empty database; `drop` removes it. */
export const createDatabase = async () => {
  const scope = Scope.makeUnsafe()
  const url = await Effect.runPromise(Scope.provide(scope)(temporaryPostgresDatabase))
  return { url, drop: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** Runs one statement on a database and gives its rows. */
export const query = async <R extends Record<string, unknown>>(
  url: string,
  text: string,
  values: Array<unknown> = []
) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  try {
    return (await client.query<R>(text, values)).rows
  } finally {
    await client.end()
  }
}

/** The server's version, e.g. "15.20". */
export const version = async (url: string) =>
  (await query<{ server_version: string }>(url, "show server_version"))[0]?.server_version ?? "?"

const cluster = () => readdirSync("/etc/postgresql")[0] ?? "15"

/** Restarts the machine's PostgreSQL (every connection drops) and returns when it accepts connections again. */
export const restart = () => {
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster(), "main", "restart"], { stdio: "inherit" })
  execFileSync("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "5432", "-t", "30"])
}

/**
 * Stops the machine's PostgreSQL (`fast`, or `immediate` as after a crash), keeps it down for `downMillis`, starts it
 * again and resolves when it accepts connections. Unlike `restart` it leaves the event loop free meanwhile, and the
 * stop-wait-start runs in a detached shell, so PostgreSQL comes back even if the caller dies meanwhile.
 */
export const bounce = async (options: { readonly downMillis?: number; readonly mode?: "fast" | "immediate" } = {}) => {
  const pgctl = `pg_ctlcluster --skip-systemctl-redirect ${cluster()} main`
  const seconds = ((options.downMillis ?? 0) / 1000).toFixed(3)
  const script = `${pgctl} stop --mode ${options.mode ?? "fast"}; sleep ${seconds}; ${pgctl} start`
  const shell = spawn("sh", ["-c", script], { detached: true, stdio: "ignore" })
  const code = await new Promise<number | null>((resolve) => shell.once("exit", resolve))
  if (code !== 0) throw new Error(`restarting PostgreSQL failed (exit ${code}): ${script}`)
  await promisify(execFile)("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "5432", "-t", "30"])
}
