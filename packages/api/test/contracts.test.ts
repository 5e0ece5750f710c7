import { Samples } from "@patron/domain/testing"
import { afterAll, describe, expect, it } from "vitest"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

const plan = Samples.meteredPlan()

describe("orders, contracts and usage procedures", () => {
  it("prices usage, replays idempotent records, and refuses illegal transitions with PRECONDITION_FAILED", async () => {
    const api = current.as(current.admin())
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const order = await api.orders.create({
      customerId: customer.id,
      currency: "EUR",
      items: [{ name: "Book", quantity: "2", unitPrice: "19.99", taxRate: "0.25" }]
    })
    expect(order.totals).toEqual({ net: "39.98", tax: "10.00", gross: "49.98" })
    expect((await api.orders.list({ customerId: customer.id })).items.map((o) => o.id)).toEqual([order.id])

    const contract = await api.subscriptionContracts.create({ customerId: customer.id, ...plan })
    expect(contract.status.state).toBe("active")
    const first = await api.usage.record({
      contractId: contract.id,
      meteredVariable: "calls",
      quantity: "40",
      idempotencyKey: "a"
    })
    const again = await api.usage.record({
      contractId: contract.id,
      meteredVariable: "calls",
      quantity: "40",
      idempotencyKey: "a"
    })
    expect(again.id).toBe(first.id)
    const reused = await failure(
      api.usage.record({ contractId: contract.id, meteredVariable: "calls", quantity: "41", idempotencyKey: "a" })
    )
    expect(reused.code).toBe("CONFLICT")
    await api.usage.recordBatch({
      records: [{ contractId: contract.id, meteredVariable: "calls", quantity: "2", idempotencyKey: "b" }]
    })
    const summary = await api.usage.summary({ contractId: contract.id })
    expect(summary.variables[0]).toMatchObject({ quantity: "42", price: "136.00" })
    expect(summary.total).toBe("146.00")
    // Recorded seconds after the contract's first period started: the forecast is held back and says why.
    const forecast = summary.variables[0]?.forecast
    expect(Object.keys(forecast ?? {})).toEqual(["method", "methodName", "confidence", "quantity", "price", "reason"])
    expect(forecast).toMatchObject({ method: "none", methodName: "none (held back)", quantity: null, price: null })
    expect(forecast?.reason).toMatch(
      /^too early: \d+ (seconds?|minutes?) of a \d+-day period observed and no previous period/
    )
    expect(summary.forecast).toEqual({ total: null, reason: "the forecast of API calls is held back" })

    const cancelled = await api.subscriptionContracts.cancel({ id: contract.id })
    expect(cancelled.status.state).toBe("cancelled")
    const illegal = await failure(api.subscriptionContracts.pause({ id: contract.id }))
    expect(illegal.code).toBe("PRECONDITION_FAILED")
    expect(illegal.message).toBe("cannot pause a subscription contract that is cancelled")
  })

  it("refuses money sent as a JSON number, naming the field", async () => {
    const api = current.as(current.admin())
    const customer = await api.customers.create({ firstName: "A", lastName: "B" })
    const error = await failure(
      api.orders.create({
        customerId: customer.id,
        currency: "EUR",
        items: [{ name: "x", quantity: 1, unitPrice: "1" }]
      } as never)
    )
    expect(error.code).toBe("BAD_REQUEST")
    expect(error.cause?.issues?.map((issue) => issue.path.join("."))).toEqual(["items.0.quantity"])
  })

  it("answers a bad cursor with BAD_REQUEST on the cursor field", async () => {
    const api = current.as(current.admin())
    const error = await failure(api.customers.list({ cursor: "garbage" }))
    expect(error.code).toBe("BAD_REQUEST")
    expect(error.cause?.issues).toEqual([{ path: ["cursor"], message: error.message }])
  })
})
