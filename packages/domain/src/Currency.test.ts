import { assert, describe, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import * as Currency from "./Currency.ts"
import * as Decimal from "./Decimal.ts"
import * as Order from "./Order.ts"
import * as UsageSummary from "./UsageSummary.ts"

const written = (value: Decimal.Decimal) => Decimal.formatAtScale(value)

describe("Currency.amount", () => {
  it("writes an amount with exactly the currency's minor-unit digits, rounded half away from zero", () => {
    assert.strictEqual(written(Currency.amount(Decimal.of("4.5"), "EUR")), "4.50")
    assert.strictEqual(written(Currency.amount(Decimal.of("0"), "EUR")), "0.00")
    assert.strictEqual(written(Currency.amount(Decimal.of("4.005"), "EUR")), "4.01")
    assert.strictEqual(written(Currency.amount(Decimal.of("-4.005"), "EUR")), "-4.01")
    assert.strictEqual(written(Currency.amount(Decimal.of("450.5"), "JPY")), "451")
    assert.strictEqual(written(Currency.amount(Decimal.of("1200"), "JPY")), "1200")
    assert.strictEqual(written(Currency.amount(Decimal.of("4.5"), "KWD")), "4.500")
  })
})

describe("Currency.unitPrice", () => {
  it("keeps a price's digits, with at least the minor unit's", () => {
    assert.strictEqual(written(Currency.unitPrice(Decimal.of("4.5"), "EUR")), "4.50")
    assert.strictEqual(written(Currency.unitPrice(Decimal.of("4.50000"), "EUR")), "4.50")
    assert.strictEqual(written(Currency.unitPrice(Decimal.of("0.0001"), "EUR")), "0.0001")
    assert.strictEqual(written(Currency.unitPrice(Decimal.of("100"), "JPY")), "100")
    assert.strictEqual(written(Currency.unitPrice(Decimal.of("0.5"), "JPY")), "0.5")
  })
})

describe("money on the wire", () => {
  const customer = {
    id: "cus_01JBZ0000000000000000000AA",
    identifier: "ada",
    type: "individual",
    firstName: "Ada",
    lastName: "Lovelace",
    addresses: [],
    meta: {},
    externalReferences: {},
    version: 1,
    createdAt: DateTime.makeUnsafe("2026-01-01T00:00:00Z"),
    updatedAt: DateTime.makeUnsafe("2026-01-01T00:00:00Z")
  } as const
  const orderIn = (currency: string, unitPrice: string) =>
    Order.toJson(
      Order.make(
        Schema.decodeUnknownSync(Order.CreateInput)({
          customerId: customer.id,
          currency,
          items: [{ name: "Tea", quantity: "3", unitPrice, taxRate: "0.25" }]
        }),
        customer as never,
        { id: "ord_01JBZ0000000000000000000AA" as Order.OrderId, now: customer.createdAt }
      )
    )

  it("writes an order's totals at the minor unit and its unit prices with at least its digits", () => {
    const eur = orderIn("EUR", "1.5")
    assert.deepStrictEqual(eur.totals, { net: "4.50", tax: "1.13", gross: "5.63" })
    assert.strictEqual(eur.items[0]?.unitPrice, "1.50")
    const jpy = orderIn("JPY", "150")
    assert.deepStrictEqual(jpy.totals, { net: "450", tax: "113", gross: "563" })
    assert.strictEqual(jpy.items[0]?.unitPrice, "150")
    assert.strictEqual(orderIn("EUR", "0.0001").items[0]?.unitPrice, "0.0001")
    assert.deepStrictEqual(orderIn("EUR", "0").totals, { net: "0.00", tax: "0.00", gross: "0.00" })
  })

  it("writes a usage summary's prices and totals at the minor unit, its unit prices with at least its digits", () => {
    const start = DateTime.makeUnsafe("2026-11-01T00:00:00Z")
    const summary = UsageSummary.toJson(
      UsageSummary.summarize({
        contractId: "sub_01JBZ0000000000000000000AA",
        currency: "EUR",
        basePrice: Decimal.of("10"),
        meteredVariables: [
          {
            identifier: "calls",
            name: "API calls",
            unit: "call",
            tierType: "graduated",
            tiers: [
              { threshold: Decimal.of("0"), unitPrice: Decimal.of("0") },
              { threshold: Decimal.of("10"), unitPrice: Decimal.of("0.0015") }
            ]
          }
        ],
        period: { start, end: DateTime.makeUnsafe("2026-12-01T00:00:00Z") },
        dailyTotals: [{ meteredVariable: "calls", dayIndex: 0, quantity: Decimal.of("13") }],
        historyStart: start,
        now: DateTime.makeUnsafe("2026-12-02T00:00:00Z")
      })
    )
    const calls = summary.variables[0]
    assert.strictEqual(summary.basePrice, "10.00")
    assert.strictEqual(calls?.price, "0.00")
    assert.deepStrictEqual(
      calls?.tiers.map((line) => [line.unitPrice, line.amount]),
      [
        ["0.00", "0.00"],
        ["0.0015", "0.0045"]
      ]
    )
    assert.strictEqual(summary.total, "10.00")
    assert.deepStrictEqual(summary.forecast.total, { p10: "10.00", p50: "10.00", p90: "10.00" })
  })
})
