/**
 * Bounds of the inputs (README "Limits and security"): numbers and dates no client can push past what Patron stores
 * and reads back, and bad inputs of any size answered with a small BAD_REQUEST, quickly.
 */
import { Samples } from "@patron/domain/testing"
import { afterAll, describe, expect, it } from "vitest"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())
const api = current.as(current.admin())

const digits999 = "9".repeat(999)
const decimalBound = "must have at most 18 digits before the point and 9 after"
const instantBound = "must be a date between 1900-01-01 and 9999-12-31"

const issuesOf = (error: Awaited<ReturnType<typeof failure>>) =>
  (error.cause?.issues ?? []).map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }))

const contract = async () => {
  const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
  return api.subscriptionContracts.create({ customerId: customer.id, ...Samples.meteredPlan() })
}

describe("numbers and dates past what Patron stores", () => {
  it("refuses a 999-digit usage quantity at quantity, and the contract's summary keeps answering", async () => {
    const { id } = await contract()
    const error = await failure(
      api.usage.record({ contractId: id, meteredVariable: "calls", quantity: digits999, idempotencyKey: "a" })
    )
    expect(error.code).toBe("BAD_REQUEST")
    expect(issuesOf(error)).toEqual([{ path: "quantity", message: decimalBound }])
    const recorded = await api.usage.record({
      contractId: id,
      meteredVariable: "calls",
      quantity: "999999999999999999.999999999",
      idempotencyKey: "b"
    })
    expect(recorded.quantity).toBe("999999999999999999.999999999")
    expect((await api.usage.summary({ contractId: id })).variables[0]?.quantity).toBe("999999999999999999.999999999")
  })

  it("refuses a 999-digit order quantity and unit price, naming each", async () => {
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const error = await failure(
      api.orders.create({
        customerId: customer.id,
        currency: "EUR",
        items: [{ name: "Book", quantity: digits999, unitPrice: digits999, taxRate: "0.1234567891" }]
      })
    )
    expect(error.code).toBe("BAD_REQUEST")
    expect(issuesOf(error)).toEqual([
      { path: "items.0.quantity", message: decimalBound },
      { path: "items.0.unitPrice", message: "must have at most 18 digits before the point and 12 after" },
      { path: "items.0.taxRate", message: "must have at most 1 digit before the point and 9 after" }
    ])
    expect((await api.orders.list({ customerId: customer.id })).items).toEqual([])
  })

  it("prices an order at the largest quantity and unit price exactly", async () => {
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const largest = "999999999999999999.999999999"
    const order = await api.orders.create({
      customerId: customer.id,
      currency: "EUR",
      items: Array.from({ length: 500 }, () => ({ name: "Book", quantity: largest, unitPrice: largest, taxRate: "1" }))
    })
    expect(order.totals.net).toBe("499999999999999999999999999000000000000.00")
    expect(order.totals.gross).toBe("999999999999999999999999998000000000000.00")
  })

  it("refuses an activateAt at JavaScript's last day (+275760) at activateAt", async () => {
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const error = await failure(
      api.subscriptionContracts.create({
        customerId: customer.id,
        ...Samples.meteredPlan(),
        activateAt: "+275760-09-13T00:00:00.000Z"
      })
    )
    expect(error.code).toBe("BAD_REQUEST")
    expect(issuesOf(error)).toEqual([{ path: "activateAt", message: instantBound }])
  })

  it("refuses a createdAfter at JavaScript's first day (-271821) and a createdBefore past 9999", async () => {
    const error = await failure(
      api.customers.list({ createdAfter: "-271821-04-20T00:00:00.000Z", createdBefore: "+010000-01-01T00:00:00Z" })
    )
    expect(error.code).toBe("BAD_REQUEST")
    expect(issuesOf(error)).toEqual([
      { path: "createdAfter", message: instantBound },
      { path: "createdBefore", message: instantBound }
    ])
  })

  it("refuses usage and summary periods outside 1900–9999 by field", async () => {
    const { id } = await contract()
    const record = await failure(
      api.usage.record({
        contractId: id,
        meteredVariable: "calls",
        quantity: "1",
        idempotencyKey: "old",
        occurredAt: "1899-12-31T23:59:59.999Z"
      })
    )
    expect(issuesOf(record)).toEqual([{ path: "occurredAt", message: instantBound }])
    const summary = await failure(
      api.usage.summary({ contractId: id, period: { start: "2026-01-01T00:00:00Z", end: "+010000-01-01T00:00:00Z" } })
    )
    expect(issuesOf(summary)).toEqual([{ path: "period.end", message: instantBound }])
  })
})

describe("huge bad inputs", () => {
  it("refuses 200,000 bad addresses by their count alone, quickly", async () => {
    const addresses = Array.from({ length: 200_000 }, () => ({ type: "nowhere", country: 42 }))
    const started = performance.now()
    const error = await failure(api.customers.create({ firstName: "Ada", lastName: "Lovelace", addresses } as never))
    const elapsed = performance.now() - started
    expect(error.code).toBe("BAD_REQUEST")
    expect(issuesOf(error)).toEqual([{ path: "addresses", message: "must hold at most 20 addresses" }])
    // A sanity bound only: decoding every address took seconds; the count alone takes milliseconds.
    expect(elapsed).toBeLessThan(2_000)
  })

  it("refuses 100,000 meta entries by their count alone", async () => {
    const meta = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key ${i}!`, i]))
    const error = await failure(api.customers.create({ firstName: "Ada", lastName: "Lovelace", meta } as never))
    expect(issuesOf(error)).toEqual([{ path: "meta", message: "must hold at most 50 entries" }])
  })

  it("lists the first 100 of thousands of problems, then one counting the rest", async () => {
    const records = Array.from({ length: 1000 }, () => ({ contractId: "x", meteredVariable: "", quantity: 1 }))
    const error = await failure(api.usage.recordBatch({ records } as never))
    expect(error.code).toBe("BAD_REQUEST")
    const issues = issuesOf(error)
    expect(issues).toHaveLength(101)
    expect(issues[0]?.path).toBe("records.0.contractId")
    expect(issues[100]).toEqual({ path: "", message: "… and 3,900 more problems" })
  })

  it("lists the first 100 of 200,000 strings PostgreSQL cannot store, then one counting the rest", async () => {
    const addresses = Array.from({ length: 200_000 }, () => ({ type: "billing", street: "\u0000" }))
    const error = await failure(api.customers.create({ firstName: "Ada", lastName: "Lovelace", addresses } as never))
    const issues = issuesOf(error)
    expect(issues).toHaveLength(101)
    expect(issues[0]).toEqual({ path: "addresses.0.street", message: "must not contain the NUL character (U+0000)" })
    expect(issues[100]).toEqual({ path: "", message: "… and 199,900 more problems" })
  })
})
