/**
 * Patron's processes as production runs them: the server (`apps/server/dist/main.js`) and standalone webhook workers
 * (`apps/webhook-worker/dist/main.js`), each the compiled bundle run by `node` (no tsx), with their peak memory read
 * from /proc. The bundles must be built first: `pnpm bench`, `pnpm drill` and this package's tests do it through a
 * cached turbo `build` (package.json, turbo.json).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { type Started, startServer } from "@patron/server/testing"

export type { Started }

const repository = join(import.meta.dirname, "../../../..")

/** The peak resident set size of a live process in MB (VmHWM), or NaN when it is gone. */
export const peakRssMb = (pid: number | undefined): number => {
  if (pid === undefined) return Number.NaN
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return match === null ? Number.NaN : Number(match[1]) / 1024
  } catch {
    return Number.NaN
  }
}

/** CPU time (user and system) a running process has used, in milliseconds (`/proc`'s clock ticks are 1/100 s). */
export const cpuMillis = (pid: number | undefined): number => {
  if (pid === undefined) return Number.NaN
  try {
    // Fields after the command's closing parenthesis: state is the 3rd, utime the 14th and stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? []
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

/**
 * Starts the compiled server with the given environment (PGlite in `PATRON_DATA_DIR`, or PostgreSQL with
 * `DATABASE_URL`).
 */
export const server = (env: Readonly<Record<string, string>>): Promise<Started> =>
  startServer({ PATRON_LOG_LEVEL: "warn", PATRON_RATE_LIMIT_PER_MINUTE: "0", ...env }, "compiled")

/** The compiled webhook worker's entry, as `pnpm --filter @patron/webhook-worker start` runs it. */
const workerEntry = [
  ...(process.env.PATRON_BENCH_PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PATRON_BENCH_PROFILE_DIR}`]
    : []),
  "dist/main.js"
]

/** Starts a standalone compiled webhook worker on PostgreSQL. */
export const worker = (databaseUrl: string, env: Readonly<Record<string, string>> = {}): ChildProcess =>
  spawn(process.execPath, workerEntry, {
    cwd: join(repository, "apps/webhook-worker"),
    env: { ...process.env, DATABASE_URL: databaseUrl, PATRON_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"]
  })

/** Starts a standalone compiled webhook worker on PostgreSQL with its output kept (not printed), for reports. */
export const capturedWorker = (
  databaseUrl: string,
  env: Readonly<Record<string, string>> = {}
): { readonly process: ChildProcess; readonly output: () => string } => {
  let output = ""
  const child = spawn(process.execPath, workerEntry, {
    cwd: join(repository, "apps/webhook-worker"),
    env: { ...process.env, DATABASE_URL: databaseUrl, PATRON_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  return { process: child, output: () => output }
}

/** Resolves when the process has exited (at once if it already has). */
export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())
  )

/** Stops a process with a signal and waits for it. */
export const stop = async (child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") => {
  const done = exited(child)
  child.kill(signal)
  await done
}
