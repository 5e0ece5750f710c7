/**
 * Plain patches under concurrency over real HTTP: the server process on the machine's PostgreSQL (a database of its
 * own, dropped afterwards), where 50 requests really overlap. A patch without `expectedVersion` applies to whatever is
 * current, so all land; one naming a stale version is still refused with CONFLICT. Mandatory under CI=true; elsewhere
 * skipped with a reason when PostgreSQL is unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AC.Y29uY3VycmVudC1wYXRjaGVzLXRlc3QtdG9rZW4tc2VjcmV0"
const runs = await shouldRun("the concurrent patches over HTTP")

describe.runIf(runs)("concurrent customer patches over HTTP on PostgreSQL", () => {
  let started: Started
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined
  beforeAll(async () => {
    database = await freshDatabase("patron_test_patches")
    started = await startServer({ DATABASE_URL: database.url, PATRON_ADMIN_TOKEN: token })
  }, 180_000)
  afterAll(async () => {
    await stop(started)
    await database?.drop()
  })

  /** One tRPC call; its `result.data`, or its error's code. */
  const call = async (path: string, input: unknown, method: "GET" | "POST" = "POST") => {
    const response = await fetch(
      method === "GET"
        ? `${started.base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
        : `${started.base}/trpc/${path}`,
      {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify(input) } : {})
      }
    )
    const body = (await response.json()) as {
      result?: { data: Record<string, never> }
      error?: { data?: { code?: string } }
    }
    return body.result === undefined
      ? { ok: false as const, code: body.error?.data?.code }
      : { ok: true as const, data: body.result.data }
  }

  it("lands 50 parallel metadata patches without expectedVersion: 50 successes, version 51, 50 keys", async () => {
    const created = await call("customers.create", { firstName: "Ada", lastName: "Lovelace" })
    if (!created.ok) throw new Error(`customers.create failed: ${created.code}`)
    const id = created.data.id
    const keys = Array.from({ length: 50 }, (_, i) => `key${i}`)
    const results = await Promise.all(
      keys.map((key) => call("customers.update", { id, patch: { meta: { set: { [key]: "v" } } } }))
    )
    expect(results.map((result) => (result.ok ? "OK" : result.code))).toEqual(keys.map(() => "OK"))
    const stored = await call("customers.get", { id }, "GET")
    if (!stored.ok) throw new Error(`customers.get failed: ${stored.code}`)
    const customer = stored.data as unknown as { version: number; meta: Record<string, string> }
    expect(customer.version).toBe(51)
    expect(Object.keys(customer.meta).sort()).toEqual([...keys].sort())

    const stale = await call("customers.update", { id, expectedVersion: 50, patch: { meta: { set: { late: "v" } } } })
    expect(stale).toEqual({ ok: false, code: "CONFLICT" })
  })
})
