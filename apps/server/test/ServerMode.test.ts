/**
 * The whole flow once in server mode: the server process on the machine's PostgreSQL (a database of its own, dropped
 * afterwards). Mandatory under CI=true; elsewhere skipped with a reason when PostgreSQL is unreachable.
 */
import { Samples } from "@patron/domain/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AB.c2VydmVyLW1vZGUtdGVzdC10b2tlbi1zZWNyZXQ"
const runs = await shouldRun("the server-mode flow")

describe.runIf(runs)("the server on PostgreSQL", () => {
  let started: Started
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined
  beforeAll(async () => {
    database = await freshDatabase("patron_test_server")
    started = await startServer({ DATABASE_URL: database.url, PATRON_ADMIN_TOKEN: token })
  }, 180_000)
  afterAll(async () => {
    await stop(started)
    await database?.drop()
  })

  const call = async (path: string, input: unknown, method: "GET" | "POST") => {
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
    const body = (await response.json()) as { result?: { data: never }; error?: unknown }
    if (body.result === undefined) throw new Error(`${path} failed: ${JSON.stringify(body)}`)
    return body.result.data as Record<string, never>
  }

  it("creates, orders, subscribes, records usage, summarizes and deletes, keeping the orders", async () => {
    expect(started.output()).toContain("PostgreSQL")
    const customer = await call("customers.create", { firstName: "Grace", lastName: "Hopper" }, "POST")
    const order = await call(
      "orders.create",
      { customerId: customer.id, currency: "USD", items: [{ name: "Compiler", quantity: "1", unitPrice: "1000" }] },
      "POST"
    )
    const contract = await call(
      "subscriptionContracts.create",
      {
        customerId: customer.id,
        ...Samples.meteredPlan({ tierType: "volume", tiers: [{ threshold: "0", unitPrice: "0.5" }] })
      },
      "POST"
    )
    await call(
      "usage.record",
      { contractId: contract.id, meteredVariable: "calls", quantity: "8", idempotencyKey: "k" },
      "POST"
    )
    const summary = await call("usage.summary", { contractId: contract.id }, "GET")
    expect(summary.total).toBe("14.00")
    const preview = await call("customers.deletionPreview", { id: customer.id }, "GET")
    expect(preview).toEqual({ preservedOrderCount: 1, deletedSubscriptionContractIds: [contract.id] })
    await call("customers.delete", { id: customer.id }, "POST")
    const kept = await call("orders.get", { id: order.id }, "GET")
    expect(kept.customerId).toBe(customer.id)
  })

  it("refuses webhook URLs on private, loopback and metadata addresses", async () => {
    for (const url of ["http://169.254.169.254/", "http://10.0.0.1/", "http://[::1]/"]) {
      await expect(call("webhooks.create", { url, events: ["*"] }, "POST")).rejects.toThrow(/BAD_REQUEST/)
    }
  })
})
