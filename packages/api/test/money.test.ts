/**
 * Money on the wire (issue 13): amounts at the currency's minor unit ("4.50", "0.00", JPY without decimals), unit
 * prices as given with at least the minor unit's digits, through the real router.
 */
import { Samples } from "@patron/domain/testing"
import { afterAll, describe, expect, it } from "vitest"
import { world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())
const api = current.as(current.admin())

describe("money in answers", () => {
  it("answers an order's totals at the minor unit of its currency", async () => {
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const eur = await api.orders.create({
      customerId: customer.id,
      currency: "EUR",
      items: [
        { name: "Tea", quantity: "1", unitPrice: "4.5" },
        { name: "Sample", quantity: "1", unitPrice: "0" }
      ]
    })
    expect(eur.totals).toEqual({ net: "4.50", tax: "0.00", gross: "4.50" })
    expect(eur.items.map((item) => item.unitPrice)).toEqual(["4.50", "0.00"])
    expect((await api.orders.get({ id: eur.id })).totals).toEqual(eur.totals)
    const jpy = await api.orders.create({
      customerId: customer.id,
      currency: "JPY",
      items: [{ name: "Tea", quantity: "3", unitPrice: "150", taxRate: "0.1" }]
    })
    expect(jpy.totals).toEqual({ net: "450", tax: "45", gross: "495" })
  })

  it("answers a contract's prices and its usage summary's amounts by the same rule", async () => {
    const customer = await api.customers.create({ firstName: "Grace", lastName: "Hopper" })
    const contract = await api.subscriptionContracts.create({
      customerId: customer.id,
      ...Samples.meteredPlan({
        tiers: [
          { threshold: "0", unitPrice: "0" },
          { threshold: "10", unitPrice: "0.0015" }
        ]
      })
    })
    expect(contract.recurring.price).toBe("10.00")
    expect(contract.recurring.meteredVariables[0]?.tiers.map((tier) => tier.unitPrice)).toEqual(["0.00", "0.0015"])
    await api.usage.record({ contractId: contract.id, meteredVariable: "calls", quantity: "13", idempotencyKey: "k" })
    const summary = await api.usage.summary({ contractId: contract.id })
    expect(summary.basePrice).toBe("10.00")
    expect(summary.variables[0]?.price).toBe("0.00")
    expect(summary.variables[0]?.tiers.map((line) => line.amount)).toEqual(["0.00", "0.0045"])
    expect(summary.total).toBe("10.00")
  })
})
