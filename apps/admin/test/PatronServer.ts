/**
 * Starts the Patron server as a real process for the admin's end-to-end tests and benchmarks, the way its own tests
 * do (`node --import tsx src/main.ts` in apps/server), on a free port and a fresh data directory, and waits for
 * `/readyz`. The server serves the admin built into `apps/admin/dist`.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

/** The admin token the server is started with, valid in shape (`pat_<26 chars>.<secret>`). */
export const adminToken = "pat_01JE2E0000000000000000000A.ZTJlLWFkbWluLXRva2VuLWZvci10aGUtYWRtaW4tdGVzdHM"

export interface PatronServer {
  readonly base: string
  readonly dataDir: string
  readonly output: () => string
  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and, unless kept, removes its data directory. */
  readonly stop: (options?: { readonly keepData?: boolean }) => Promise<void>
}

const serverDirectory = resolve(import.meta.dirname, "../../server")

/** A port nothing listens on right now. */
export const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer()
    probe.once("error", fail)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })

const exited = (child: ChildProcess) =>
  new Promise<void>((done) => (child.exitCode !== null ? done() : child.once("exit", () => done())))

/** Starts a server; throws with its output when it does not become ready within `timeoutMs`. */
export const startPatron = async (
  options: {
    readonly env?: Readonly<Record<string, string>>
    readonly dataDir?: string
    readonly timeoutMs?: number
  } = {}
): Promise<PatronServer> => {
  const port = await freePort()
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "patron-admin-e2e-"))
  let output = ""
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDirectory,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      INIT_CWD: "",
      DATABASE_URL: "",
      PATRON_DATA_DIR: dataDir,
      PATRON_ADMIN_TOKEN: adminToken,
      PATRON_LOG_LEVEL: "warn",
      PATRON_RATE_LIMIT_PER_MINUTE: "0",
      ...options.env
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  const base = `http://127.0.0.1:${port}`
  const stop = async (stopOptions: { readonly keepData?: boolean } = {}) => {
    if (child.exitCode === null) {
      child.kill("SIGTERM")
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
      await exited(child)
      clearTimeout(timer)
    }
    if (stopOptions.keepData !== true && options.dataDir === undefined)
      rmSync(dataDir, { recursive: true, force: true })
  }
  const deadline = Date.now() + (options.timeoutMs ?? 90_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Patron server exited (${child.exitCode}):\n${output}`)
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the Patron server did not become ready in time:\n${output}`)
    }
    const ready = await fetch(`${base}/readyz`).then(
      (response) => response.ok,
      () => false
    )
    if (ready) return { base, dataDir, output: () => output, stop }
    await new Promise((done) => setTimeout(done, 200))
  }
}
