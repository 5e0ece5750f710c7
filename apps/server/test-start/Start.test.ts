/**
 * `pnpm start` as a user runs it: it builds (cached by turbo) and runs the compiled server, `apps/server/dist/main.js`,
 * without tsx; SIGTERM sent to pnpm, and Ctrl+C (SIGINT to the terminal's whole process group), reach the server,
 * which shuts down gracefully, and the command exits 0 without an error from pnpm. The compiled server on PostgreSQL
 * stays within its idle memory budget, its in-process webhook worker included. Each start prints where the admin token
 * file is. Run alone (`pnpm --filter @patron/server test:start`), as `pnpm start` builds
 * apps/admin/dist, which the admin's browser suite rebuilds and reads.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startServer } from "../test/server.ts"

const repository = join(import.meta.dirname, "../../..")
const adminUrl = process.env.PATRON_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const isCi = process.env.CI === "true" || process.env.CI === "1"
const token = "pat_01JBZ0000000000000000000AB.c2VydmVyLW1vZGUtdGVzdC10b2tlbi1zZWNyZXQ"
const dataDirs: Array<string> = []
const groups: Array<number> = []

/** The idle resident memory a compiled server on PostgreSQL may use, in MB. */
const serverIdleRssBudgetMb = 150

const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 })
  await client.connect()
  await client.query(statement).finally(() => client.end())
}
const postgresReachable = await admin("select 1").then(
  () => true,
  () => false
)

const children = (pid: number): Array<number> =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number)
const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim()
const residentMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024
const exitOf = (child: ChildProcess) =>
  new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? String(signal))))

/**
 * Runs `pnpm start` (or another pnpm command) in its own process group (as a terminal would) on embedded PGlite, until
 * the server listens.
 */
const pnpmStart = async (dataDir = mkdtempSync(join(tmpdir(), "patron-start-")), command = ["start"]) => {
  dataDirs.push(dataDir)
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  let output = ""
  const child = spawn("pnpm", command, {
    cwd: repository,
    env: { ...process.env, PORT: String(port), PATRON_DATA_DIR: dataDir, PATRON_ADMIN_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true
  })
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  groups.push(child.pid!)
  const exit = exitOf(child)
  const deadline = Date.now() + 60_000
  while (!output.includes("Patron is running")) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`pnpm ${command.join(" ")} did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { child, exit, base: `http://127.0.0.1:${port}`, output: () => output }
}

beforeAll(() => {
  // What `pnpm start` builds, built once up front (a cache hit when nothing changed) so each start below is quick.
  const built = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@patron/admin", "--filter=@patron/server", "--output-logs=errors-only"],
    { cwd: repository, env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" }, encoding: "utf8" }
  )
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stdout}\n${built.stderr}`)
})
afterAll(() => {
  // Whatever a failed test left running in a group of its own (a server its signal did not reach).
  for (const group of groups) {
    try {
      process.kill(-group, "SIGKILL")
    } catch {}
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
})

describe("pnpm start", () => {
  it("runs the compiled server, not tsx, serving the API and the built admin; SIGTERM sent to pnpm reaches it, and it shuts down gracefully with exit 0", async () => {
    const started = await pnpmStart()
    try {
      const [server] = children(started.child.pid!)
      expect(commandLine(server!)).toBe("node apps/server/dist/main.js")
      expect((await fetch(`${started.base}/readyz`)).status).toBe(200)
      const page = await fetch(`${started.base}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain("<title>Patron admin</title>")
    } finally {
      started.child.kill("SIGTERM")
    }
    expect(await started.exit).toBe(0)
    expect(started.output()).toContain("SIGTERM: finishing in-flight requests and closing the database")
    expect(started.output()).not.toContain("ELIFECYCLE")
  })

  it("prints where the admin token file is, as an absolute path, on the first start and on the next", async () => {
    const first = await pnpmStart()
    const dataDir = dataDirs[dataDirs.length - 1] as string
    process.kill(-first.child.pid!, "SIGINT")
    expect(await first.exit).toBe(0)
    expect(first.output()).toContain(`admin API token (shown once, also written to ${join(dataDir, "admin-token")}): `)
    const next = await pnpmStart(dataDir)
    process.kill(-next.child.pid!, "SIGINT")
    expect(await next.exit).toBe(0)
    expect(next.output()).toContain(`admin API token: in ${join(dataDir, "admin-token")} (written at the first start)`)
    expect(next.output()).toContain("webhooks: delivered by an in-process worker")
  })

  it("stops on Ctrl+C (SIGINT to the whole process group) gracefully, exiting 0 without an error from pnpm", async () => {
    const started = await pnpmStart()
    process.kill(-started.child.pid!, "SIGINT")
    expect(await started.exit).toBe(0)
    expect(started.output()).toContain("SIGINT: finishing in-flight requests and closing the database")
    expect(started.output()).not.toContain("ELIFECYCLE")
  })
})

describe("pnpm --filter @patron/server dev", () => {
  it("runs the sources under tsx watch and stops on Ctrl+C gracefully, exiting 0 without an error from pnpm", async () => {
    const started = await pnpmStart(undefined, ["--filter", "@patron/server", "dev"])
    const [server] = children(started.child.pid!)
    expect(commandLine(server!)).toContain("tsx")
    expect((await fetch(`${started.base}/readyz`)).status).toBe(200)
    process.kill(-started.child.pid!, "SIGINT")
    expect(await started.exit).toBe(0)
    expect(started.output()).toContain("SIGINT: finishing in-flight requests and closing the database")
    expect(started.output()).not.toMatch(/ELIFECYCLE|ERR_PNPM/)
  })
})

describe.skipIf(!postgresReachable && !isCi)("the compiled server on PostgreSQL", () => {
  it(`idles within ${serverIdleRssBudgetMb} MB of resident memory and exits 0 on SIGTERM`, async () => {
    const database = `patron_test_start_${Date.now()}`
    await admin(`create database ${database}`)
    try {
      const url = new URL(adminUrl)
      url.pathname = `/${database}`
      const started = await startServer({ DATABASE_URL: url.toString(), PATRON_ADMIN_TOKEN: token }, "compiled")
      const exit = exitOf(started.process)
      expect((await fetch(`${started.base}/readyz`)).status).toBe(200)
      // What `DATABASE_URL=… pnpm start` runs by default: a webhook worker in the server's process.
      expect(started.output()).toContain("webhooks: delivered by an in-process worker")
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(residentMb(started.process.pid!)).toBeLessThanOrEqual(serverIdleRssBudgetMb)
      started.process.kill("SIGTERM")
      expect(await exit).toBe(0)
    } finally {
      await admin(`drop database if exists ${database} with (force)`)
    }
  })
})
