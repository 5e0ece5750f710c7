/**
 * The server as a process on a random port, over an embedded database in a temporary directory: real HTTP requests,
 * the tRPC wire format without a transformer, and a graceful stop on SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const token = "pat_01JBZ0000000000000000000AA.dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA"
const dataDir = mkdtempSync(join(tmpdir(), "patron-server-"))
const port = 20_000 + Math.floor(Math.random() * 20_000)
const base = `http://127.0.0.1:${port}`
let server: ChildProcess
let output = ""

const call = (path: string, init: RequestInit = {}, bearer: string | null = token) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) }
  })

beforeAll(async () => {
  server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: join(import.meta.dirname, ".."),
    env: { ...process.env, PORT: String(port), PATRON_DATA_DIR: dataDir, PATRON_ADMIN_TOKEN: token, INIT_CWD: "" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  server.stdout?.on("data", (chunk) => (output += String(chunk)))
  server.stderr?.on("data", (chunk) => (output += String(chunk)))
  const deadline = Date.now() + 60_000
  while (!output.includes("Patron is running")) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the server did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}, 90_000)

afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

describe("the server over HTTP", () => {
  it("answers /healthz and /readyz", async () => {
    expect(await (await call("/healthz", {}, null)).json()).toEqual({ status: "ok" })
    const ready = await call("/readyz", {}, null)
    expect(ready.status).toBe(200)
  })

  it("writes the admin token once to a file only its owner can read", () => {
    expect(statSync(join(dataDir, "admin-token")).mode & 0o777).toBe(0o600)
  })

  it("serves a query as GET with ?input= and finds the seeded sample customer", async () => {
    const input = encodeURIComponent(JSON.stringify({ search: "SAMPLE" }))
    const response = await call(`/trpc/customers.list?input=${input}`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { result: { data: { items: Array<{ identifier: string }> } } }
    expect(body.result.data.items.map((c) => c.identifier)).toEqual(["sample-customer"])
  })

  it("serves a mutation as POST with the JSON input as the body", async () => {
    const response = await call("/trpc/customers.create", {
      method: "POST",
      body: JSON.stringify({ firstName: "Ada", lastName: "Lovelace" })
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { result: { data: { version: number; createdAt: string } } }
    expect(body.result.data.version).toBe(1)
    expect(body.result.data.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it("answers 401 without a token and 400 listing every issue of a bad input", async () => {
    expect((await call("/trpc/customers.list", {}, null)).status).toBe(401)
    expect((await call("/trpc/customers.list", {}, `${token}x`)).status).toBe(401)
    const response = await call("/trpc/customers.create", { method: "POST", body: JSON.stringify({ firstName: "" }) })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { data: { issues: Array<{ path: Array<string> }> } } }
    expect(body.error.data.issues.map((issue) => issue.path.join("."))).toEqual(["firstName", "lastName"])
    expect(JSON.stringify(body)).not.toContain("stack")
  })

  it("stops gracefully on SIGTERM, closing the database", async () => {
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)))
    server.kill("SIGTERM")
    expect(await exited).toBe(0)
    expect(output).toContain("SIGTERM: finishing in-flight requests and closing the database")
  }, 30_000)
})
