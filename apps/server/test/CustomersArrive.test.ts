/**
 * Customers arriving with orders and in bulk (issue 14) over real HTTP: the server process on the machine's
 * PostgreSQL (a database of its own, dropped afterwards), where 20 orders bringing the same new customer really
 * overlap and make one customer; `customers.upsertMany` takes 1,000 rows in one body and refuses 1,001 naming
 * `rows`. Mandatory under CI=true; elsewhere skipped with a reason when PostgreSQL is unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AD.Y3VzdG9tZXJzLWFycml2ZS10ZXN0LXRva2VuLXNlY3JldA"
const runs = await shouldRun("customers arriving with orders and in bulk over HTTP")

describe.runIf(runs)("customers arriving with orders and in bulk over HTTP on PostgreSQL", () => {
  let started: Started
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined
  beforeAll(async () => {
    database = await freshDatabase("patron_test_arrive")
    started = await startServer({ DATABASE_URL: database.url, PATRON_ADMIN_TOKEN: token })
  }, 180_000)
  afterAll(async () => {
    await stop(started)
    await database?.drop()
  })

  /** One tRPC mutation: its `result.data`, or its error's code and issues. */
  const call = async (path: string, input: unknown) => {
    const response = await fetch(`${started.base}/trpc/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(input)
    })
    const body = (await response.json()) as {
      result?: { data: Record<string, never> }
      error?: { data?: { code?: string; issues?: ReadonlyArray<{ path: ReadonlyArray<unknown>; message: string }> } }
    }
    return body.result === undefined
      ? { ok: false as const, status: response.status, code: body.error?.data?.code, issues: body.error?.data?.issues }
      : { ok: true as const, data: body.result.data as Record<string, unknown> }
  }

  it("20 concurrent orders bringing the same new customer make one customer", async () => {
    const order = {
      customer: {
        identifier: "newcomer",
        externalReference: { key: "shop", value: "c-1" },
        firstName: "N",
        lastName: "C"
      },
      currency: "EUR",
      items: [{ name: "Book", quantity: "1", unitPrice: "10" }]
    }
    const placed = await Promise.all(Array.from({ length: 20 }, () => call("orders.create", order)))
    const answers = placed.map((answer) => {
      if (!answer.ok) throw new Error(`orders.create failed: ${answer.code}`)
      return answer.data
    })
    expect(new Set(answers.map((answer) => answer.customerId)).size).toBe(1)
    expect(answers.filter((answer) => answer.customerCreated === true)).toHaveLength(1)
  }, 60_000)

  it("upserts 1,000 rows in one call, and refuses 1,001 naming rows", async () => {
    const rows = (count: number) =>
      Array.from({ length: count }, (_, n) => ({
        match: { identifier: `bulk-${n}` },
        customer: { firstName: "Bulk", lastName: `${n}`, email: `bulk.${n}@example.com` }
      }))
    const done = await call("customers.upsertMany", { rows: rows(1000) })
    if (!done.ok) throw new Error(`customers.upsertMany failed: ${done.code}`)
    const results = done.data.results as ReadonlyArray<{ outcome: string }>
    expect(results.filter((result) => result.outcome === "created")).toHaveLength(1000)
    const refused = await call("customers.upsertMany", { rows: rows(1001) })
    expect(refused).toMatchObject({ ok: false, status: 400, code: "BAD_REQUEST" })
    expect(refused.ok ? [] : refused.issues).toEqual([{ path: ["rows"], message: "must hold 1 to 1,000 rows" }])
  }, 60_000)
})
