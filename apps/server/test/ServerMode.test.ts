/**
 * The whole flow once in server mode: the server process on the machine's PostgreSQL (a database of its own, dropped
 * afterwards). Mandatory under CI=true; elsewhere skipped with a reason when PostgreSQL is unreachable.
 */
import { Samples } from "@patron/domain/testing"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Started, startServer } from "./server.ts"

const adminUrl = process.env.PATRON_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const isCi = process.env.CI === "true" || process.env.CI === "1"
const token = "pat_01JBZ0000000000000000000AB.c2VydmVyLW1vZGUtdGVzdC10b2tlbi1zZWNyZXQ"
const database = `patron_test_server_${Date.now()}`

const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
const reachable = await admin("select 1").then(
  () => true,
  (error) => {
    if (!isCi) console.warn(`skipping the server-mode flow: PostgreSQL at ${adminUrl} is unreachable: ${error}`)
    return false
  }
)

describe.skipIf(!reachable && !isCi)("the server on PostgreSQL", () => {
  let started: Started
  beforeAll(async () => {
    await admin(`create database ${database}`)
    const url = new URL(adminUrl)
    url.pathname = `/${database}`
    started = await startServer({ DATABASE_URL: url.toString(), PATRON_ADMIN_TOKEN: token })
  }, 180_000)
  afterAll(async () => {
    started?.process.kill("SIGTERM")
    await new Promise((resolve) => started?.process.once("exit", resolve))
    await admin(`drop database if exists ${database} with (force)`)
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
    expect(summary.total).toBe("14")
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
