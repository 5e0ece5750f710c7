/**
 * `DATABASE_URL=postgres://… pnpm start` delivers webhooks out of the box: the server on PostgreSQL runs a worker in
 * its own process unless `PATRON_WORKER=0`, and says which at start. Each server gets a fresh database and a real
 * local receiver over HTTP (`PATRON_WEBHOOKS_ALLOW_PRIVATE=1` lets an endpoint point at 127.0.0.1; nothing else is
 * set). Mandatory under CI=true; elsewhere skipped with a reason when PostgreSQL is unreachable.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AF.aW4tcHJvY2Vzcy13b3JrZXItdGVzdC10b2tlbi1zZWNyZXQ"
const runs = await shouldRun("the in-process worker on PostgreSQL")
const dataDir = mkdtempSync(join(tmpdir(), "patron-in-process-"))

/** A receiver answering 200 to every POST, keeping each body's event type by path. */
const receiver = async () => {
  const received = new Map<string, Array<string>>()
  const server: Server = createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += String(chunk)))
    req.on("end", () => {
      const types = received.get(req.url ?? "") ?? []
      types.push((JSON.parse(body) as { type: string }).type)
      received.set(req.url ?? "", types)
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.get(path) ?? [],
    close: () => new Promise((resolve) => server.close(resolve))
  }
}

const call = async (base: string, path: string, input: unknown) => {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(input)
  })
  const body = (await response.json()) as { result?: { data: unknown }; error?: unknown }
  if (body.result === undefined) throw new Error(`${path} failed: ${JSON.stringify(body)}`)
  return body.result.data
}

/** Creates an endpoint for every event at `path` of the receiver, then a customer. */
const createCustomerWithEndpoint = async (base: string, url: string) => {
  await call(base, "webhooks.create", { url, events: ["*"] })
  await call(base, "customers.create", { firstName: "Ada", lastName: "Lovelace" })
}

describe.runIf(runs)("the server on PostgreSQL with default settings", () => {
  let hooks: Awaited<ReturnType<typeof receiver>>
  const servers: Array<Started> = []
  const databases: Array<Awaited<ReturnType<typeof freshDatabase>>> = []
  const start = async (env: Readonly<Record<string, string>>) => {
    const database = await freshDatabase("patron_test_in_process")
    databases.push(database)
    const started = await startServer({
      DATABASE_URL: database.url,
      PATRON_ADMIN_TOKEN: token,
      PATRON_WEBHOOKS_ALLOW_PRIVATE: "1",
      // Where the admin token file goes, out of the repository.
      PATRON_DATA_DIR: dataDir,
      ...env
    })
    servers.push(started)
    return started
  }
  beforeAll(async () => {
    hooks = await receiver()
  })
  afterAll(async () => {
    await Promise.all(servers.map(stop))
    await Promise.all(databases.map((database) => database.drop()))
    await hooks?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("delivers a webhook with a worker in its own process, and says so at start", async () => {
    const started = await start({})
    expect(started.output()).toContain(
      "webhooks: delivered by an in-process worker; set PATRON_WORKER=0 when running standalone workers"
    )
    await createCustomerWithEndpoint(started.base, hooks.url("/delivered"))
    const deadline = Date.now() + 15_000
    while (!hooks.at("/delivered").includes("customer.created")) {
      if (Date.now() > deadline) throw new Error(`no delivery within 15 s:\n${started.output()}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    for (const line of started.output().trim().split("\n")) expect(() => JSON.parse(line), line).not.toThrow()
  })

  it("delivers nothing itself with PATRON_WORKER=0, leaving webhooks to standalone workers", async () => {
    const started = await start({ PATRON_WORKER: "0" })
    expect(started.output()).toContain("webhooks: not delivered by this process (PATRON_WORKER=0)")
    await createCustomerWithEndpoint(started.base, hooks.url("/left-alone"))
    // The server above delivered within a fraction of this.
    await new Promise((resolve) => setTimeout(resolve, 4_000))
    expect(hooks.at("/left-alone")).toEqual([])
  })
})
