import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Result, Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as Decimal from "./Decimal.ts"
import * as Order from "./Order.ts"
import * as Validation from "./Validation.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const customer = Result.getOrThrow(
  Customer.make(
    Effect.runSync(
      Validation.decode(Customer.CreateInput)({
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.com",
        meta: { internal: "not copied" },
        addresses: [{ type: "billing", city: "London", country: "GB" }]
      })
    ),
    {
      id: "cus_01JBZ0000000000000000000AA" as Customer.CustomerId,
      now,
      addressIds: ["adr_01JBZ0000000000000000000A1" as never]
    }
  )
)
const decodeItems = (items: unknown) =>
  Effect.runSync(Validation.decode(Order.CreateInput)({ customerId: customer.id, currency: "NOK", items })).items
const format = (totals: Order.Totals) => [
  Decimal.format(totals.net),
  Decimal.format(totals.tax),
  Decimal.format(totals.gross)
]

describe("Order.totals", () => {
  it("adds lines exactly, with no floating point drift", () => {
    const items = decodeItems([
      { name: "a", quantity: "3", unitPrice: "0.1" },
      { name: "b", quantity: "1", unitPrice: "0.2" }
    ])
    assert.deepStrictEqual(format(Order.totals(items, "NOK")), ["0.5", "0", "0.5"])
  })

  it("charges each line's tax on its net and gross is net plus tax", () => {
    const items = decodeItems([
      { name: "book", quantity: "2", unitPrice: "199.00", taxRate: "0" },
      { name: "lamp", quantity: "1", unitPrice: "499.50", taxRate: "0.25" }
    ])
    assert.deepStrictEqual(format(Order.totals(items, "NOK")), ["897.5", "124.88", "1022.38"])
  })

  it("rounds to the currency's minor unit, half away from zero", () => {
    const items = decodeItems([{ name: "x", quantity: "1", unitPrice: "10.5", taxRate: "0.1" }])
    assert.deepStrictEqual(format(Order.totals(items, "JPY")), ["11", "1", "12"])
    assert.deepStrictEqual(format(Order.totals(items, "KWD")), ["10.5", "1.05", "11.55"])
  })
})

describe("Order.CreateInput", () => {
  it("refuses zero quantities, negative prices, tax rates above 1 and an empty item list", () => {
    const issues = Effect.runSync(
      Validation.decode(Order.CreateInput)({
        customerId: customer.id,
        currency: "nok",
        items: [{ name: "a", quantity: "0", unitPrice: "-1", taxRate: "1.5" }]
      }).pipe(Effect.flip)
    ).issues.map((i) => i.path.join("."))
    assert.deepStrictEqual(issues, ["currency", "items.0.quantity", "items.0.unitPrice", "items.0.taxRate"])
    const empty = Effect.runSync(
      Validation.decode(Order.CreateInput)({ customerId: customer.id, currency: "NOK", items: [] }).pipe(Effect.flip)
    )
    assert.strictEqual(empty.issues[0]?.message, "must hold 1 to 500 items")
  })

  it("refuses money written as a JSON number", () => {
    const exit = Effect.runSyncExit(
      Validation.decode(Order.CreateInput)({
        customerId: customer.id,
        currency: "NOK",
        items: [{ name: "a", quantity: 1, unitPrice: 2 }]
      })
    )
    assert.isTrue(exit._tag === "Failure")
  })
})

describe("Order.make", () => {
  const order = Order.make(
    Effect.runSync(
      Validation.decode(Order.CreateInput)({
        customerId: customer.id,
        currency: "NOK",
        reference: "web-1001",
        items: [{ sku: "B-1", name: "Book", quantity: "2", unitPrice: "100", taxRate: "0.25" }]
      })
    ),
    customer,
    { id: "ord_01JBZ0000000000000000000AA" as Order.OrderId, now }
  )

  it("keeps a snapshot of the customer's contact details and addresses, not its meta", () => {
    assert.deepStrictEqual(Object.keys(order.customer).sort(), [
      "addresses",
      "email",
      "firstName",
      "identifier",
      "lastName"
    ])
    assert.strictEqual(order.customer.addresses[0]?.city, "London")
  })

  it("writes money as decimal strings in JSON, at the currency's minor unit", () => {
    const json = Order.toJson(order)
    assert.deepStrictEqual(json.totals, { net: "200.00", tax: "50.00", gross: "250.00" })
    assert.strictEqual(json.items[0]?.unitPrice, "100.00")
    const back = Schema.decodeUnknownSync(Order.Order)(JSON.parse(JSON.stringify(json)))
    assert.deepStrictEqual(Order.toJson(back), json)
  })
})
