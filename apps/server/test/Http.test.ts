/**
 * The server as a process on a random port, over an embedded database in a temporary directory: real HTTP requests,
 * the tRPC wire format without a transformer, and a graceful stop on SIGTERM.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AA.dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA"
const dataDir = mkdtempSync(join(tmpdir(), "patron-server-"))
let started: Started

const call = (path: string, init: RequestInit = {}, bearer: string | null = token) =>
  fetch(`${started.base}${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) }
  })

beforeAll(async () => {
  started = await startServer({ PATRON_DATA_DIR: dataDir, PATRON_ADMIN_TOKEN: token })
}, 180_000)

afterAll(() => {
  if (started.process.exitCode === null) started.process.kill("SIGKILL")
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

  it("delivers webhooks from the worker running in the server's process", async () => {
    const received: Array<{ headers: Record<string, unknown>; body: { type: string; data: { id?: string } } }> = []
    const receiver = createServer((req, res) => {
      let text = ""
      req.on("data", (chunk) => (text += String(chunk)))
      req.on("end", () => {
        received.push({ headers: req.headers, body: JSON.parse(text) })
        res.end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
      const created = await call("/trpc/webhooks.create", {
        method: "POST",
        body: JSON.stringify({ url, events: ["customer.created"] })
      })
      expect(created.status).toBe(200)
      const endpoint = ((await created.json()) as { result: { data: { id: string } } }).result.data
      await call("/trpc/customers.create", {
        method: "POST",
        body: JSON.stringify({ firstName: "Hedy", lastName: "Lamarr" })
      })
      await call("/trpc/webhooks.test", { method: "POST", body: JSON.stringify({ id: endpoint.id }) })
      const deadline = Date.now() + 15_000
      while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      expect(received.map((request) => request.body.type).sort()).toEqual(["customer.created", "webhook.test"])
      expect(received.every((request) => String(request.headers["webhook-signature"]).startsWith("v1,"))).toBe(true)
    } finally {
      receiver.close()
    }
  }, 30_000)

  it("answers 401 without a token and 400 listing every issue of a bad input", async () => {
    expect((await call("/trpc/customers.list", {}, null)).status).toBe(401)
    expect((await call("/trpc/customers.list", {}, `${token}x`)).status).toBe(401)
    const response = await call("/trpc/customers.create", { method: "POST", body: JSON.stringify({ firstName: "" }) })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { data: { issues: Array<{ path: Array<string> }> } } }
    expect(body.error.data.issues.map((issue) => issue.path.join("."))).toEqual(["firstName", "lastName"])
    expect(JSON.stringify(body)).not.toContain("stack")
  })

  it("answers a refusal that says when to call again with Retry-After, alone and in a batch", async () => {
    const created = await call("/trpc/webhooks.create", {
      method: "POST",
      body: JSON.stringify({ url: "http://127.0.0.1:9/hook", events: ["*"] })
    })
    const endpoint = ((await created.json()) as { result: { data: { id: string } } }).result.data
    const test = () => call("/trpc/webhooks.test", { method: "POST", body: JSON.stringify({ id: endpoint.id }) })
    let refused = await test()
    for (let i = 0; i < 20 && refused.status === 200; i++) refused = await test()
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
    const batch = await call("/trpc/customers.create,webhooks.test?batch=1", {
      method: "POST",
      body: JSON.stringify({ 0: { firstName: "Grace", lastName: "Hopper" }, 1: { id: endpoint.id } })
    })
    expect(batch.status).toBe(207)
    expect(Number(batch.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
    const ok = await call("/trpc/customers.list")
    expect(ok.headers.get("retry-after")).toBeNull()
  })

  it("allows webhook URLs on loopback in the embedded mode, for local development", async () => {
    const response = await call("/trpc/webhooks.create", {
      method: "POST",
      body: JSON.stringify({ url: "http://127.0.0.1:9/hook", events: ["*"] })
    })
    expect(response.status).toBe(200)
  })

  it("finishes a request in flight when SIGTERM arrives, then stops, closing the database", async () => {
    const { request } = await import("node:http")
    const url = new URL(`${started.base}/trpc/customers.create`)
    const body = JSON.stringify({ firstName: "In", lastName: "Flight" })
    const exited = new Promise<number | null>((resolve) => started.process.once("exit", (code) => resolve(code)))
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "content-length": body.length
          }
        },
        (res) => {
          res.resume()
          res.on("end", () => resolve(res.statusCode ?? 0))
        }
      )
      req.on("error", reject)
      // Half the body now, SIGTERM, then the rest: the request is in flight when the signal arrives.
      req.write(body.slice(0, 10))
      setTimeout(() => {
        started.process.kill("SIGTERM")
        setTimeout(() => req.end(body.slice(10)), 300)
      }, 200)
    })
    expect(await answered).toBe(200)
    expect(await exited).toBe(0)
    expect(started.output()).toContain("SIGTERM: finishing in-flight requests and closing the database")
  }, 30_000)
})
