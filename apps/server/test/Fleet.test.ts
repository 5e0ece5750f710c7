/**
 * Two server processes on one PostgreSQL database. Each caches principals: an access change made through one is
 * heard by the other within a second (the cache keeps entries for ten seconds, so only the change's notification can
 * make it that fast). A revoked token is refused by both, a role losing a permission is refused it, a role gaining one
 * is granted it, and a token created later works at once. And a token has one rate-limit budget across both: calls
 * spread over the two are allowed as many times as the limit says, not twice that. Mandatory under CI=true;
 * elsewhere skipped with a reason when PostgreSQL is unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const adminToken = "pat_01JBZ0000000000000000000AE.YWNjZXNzLWNoYW5nZXMtdGVzdC10b2tlbi1zZWNyZXQ"
const runs = await shouldRun("the fleet of two server processes")
const perMinute = 600

/** The outcome of one tRPC call: its data, or its error's code. */
type Outcome = { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly code: string }

const call = async (base: string, token: string, path: string, input: unknown, method: "GET" | "POST") => {
  const response = await fetch(
    method === "GET"
      ? `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
      : `${base}/trpc/${path}`,
    {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(method === "POST" ? { body: JSON.stringify(input) } : {})
    }
  )
  const body = (await response.json()) as { result?: { data: never }; error?: { data: { code: string } } }
  return (
    body.result === undefined ? { ok: false, code: body.error?.data.code ?? "?" } : { ok: true, data: body.result.data }
  ) as Outcome
}

/** Milliseconds until `check` holds, polling every 20 ms for at most 5 s; fails past that. */
const within = async (check: () => Promise<boolean>) => {
  const started = performance.now()
  while (!(await check())) {
    if (performance.now() - started > 5_000) throw new Error("did not happen within 5 s")
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return performance.now() - started
}

describe.runIf(runs)("two server processes on one PostgreSQL", () => {
  let one: Started | undefined
  let two: Started | undefined
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined
  beforeAll(async () => {
    database = await freshDatabase("patron_test_access")
    const env = {
      DATABASE_URL: database.url,
      PATRON_ADMIN_TOKEN: adminToken,
      PATRON_WORKER: "0",
      PATRON_RATE_LIMIT_PER_MINUTE: String(perMinute)
    }
    one = await startServer(env)
    two = await startServer(env)
  }, 300_000)
  afterAll(async () => {
    await Promise.all([stop(one), stop(two)])
    await database?.drop()
  })

  const admin = (path: string, input: unknown) =>
    call((one as Started).base, adminToken, path, input, "POST").then((outcome) => {
      if (!outcome.ok) throw new Error(`${path}: ${outcome.code}`)
      return outcome.data as { readonly id: string; readonly secret: string }
    })
  const list = (server: Started | undefined, token: string) =>
    call((server as Started).base, token, "customers.list", { limit: 1 }, "GET")
  const create = (server: Started | undefined, token: string) =>
    call((server as Started).base, token, "customers.create", { firstName: "Ada", lastName: "Lovelace" }, "POST")
  const tokenOf = (roleId: string, name: string) => admin("access.tokens.create", { name, roleId })

  it("refuses a token revoked through the other process within a second, in both processes", async () => {
    const role = await admin("access.roles.create", { name: "reader", permissions: ["customers:read"] })
    const token = await tokenOf(role.id, "desk")
    // A token created a moment ago works at once in both processes, and is now cached by both.
    expect(await list(two, token.secret)).toMatchObject({ ok: true })
    expect(await list(one, token.secret)).toMatchObject({ ok: true })
    await admin("access.tokens.revoke", { id: token.id })
    const refused = (server: Started | undefined) => async () => {
      const outcome = await list(server, token.secret)
      return !outcome.ok && outcome.code === "UNAUTHORIZED"
    }
    const [inTwo, inOne] = await Promise.all([within(refused(two)), within(refused(one))])
    expect(inTwo).toBeLessThan(1_000)
    expect(inOne).toBeLessThan(1_000)
  })

  it("applies a role's changed permissions made through the other process within a second", async () => {
    const role = await admin("access.roles.create", { name: "clerk", permissions: ["customers:read"] })
    const token = await tokenOf(role.id, "clerk desk")
    expect(await list(two, token.secret)).toMatchObject({ ok: true })
    expect(await create(two, token.secret)).toEqual({ ok: false, code: "FORBIDDEN" })
    await admin("access.roles.update", { id: role.id, patch: { permissions: ["customers:create"] } })
    const granted = await within(async () => {
      const outcome = await create(two, token.secret)
      if (!outcome.ok && outcome.code !== "FORBIDDEN") throw new Error(outcome.code)
      return outcome.ok
    })
    const withdrawn = await within(async () => {
      const outcome = await list(two, token.secret)
      return !outcome.ok && outcome.code === "FORBIDDEN"
    })
    expect(granted).toBeLessThan(1_000)
    expect(withdrawn).toBeLessThan(1_000)
  })

  it("gives a token one rate-limit budget across both processes", async () => {
    const role = await admin("access.roles.create", { name: "caller", permissions: [] })
    const token = await tokenOf(role.id, "busy")
    const servers = [one as Started, two as Started]
    const outcomes = { ok: [0, 0], refused: [0, 0], other: [] as Array<string> }
    const started = performance.now()
    let next = 0
    const calls = 900
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < calls) {
          const index = next++ % 2
          const response = await fetch(`${servers[index]?.base}/trpc/access.me`, {
            headers: { authorization: `Bearer ${token.secret}` }
          })
          await response.arrayBuffer()
          if (response.status === 200) outcomes.ok[index] = (outcomes.ok[index] ?? 0) + 1
          else if (response.status === 429 && Number(response.headers.get("retry-after")) > 0)
            outcomes.refused[index] = (outcomes.refused[index] ?? 0) + 1
          else outcomes.other.push(String(response.status))
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    const allowed = (outcomes.ok[0] ?? 0) + (outcomes.ok[1] ?? 0)
    expect(outcomes.other).toEqual([])
    // The budget, plus what refilled meanwhile (a lease of one call each at this limit: nothing stranded).
    expect(allowed).toBeLessThanOrEqual(perMinute + Math.ceil((seconds * perMinute) / 60))
    expect(allowed).toBeGreaterThanOrEqual(perMinute)
    expect(outcomes.refused[0]).toBeGreaterThan(0)
    expect(outcomes.refused[1]).toBeGreaterThan(0)
  })
})
