import { afterAll, describe, expect, it } from "vitest"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

const items = [{ name: "Book", quantity: "1", unitPrice: "10" }]
const nell = { identifier: "nell", firstName: "Nell", lastName: "Newcomer" }

describe("orders.create with the customer it brings", () => {
  it("answers customerCreated: true when it created the customer, false when it found it", async () => {
    const api = current.as(current.admin())
    const first = await api.orders.create({ customer: nell, currency: "EUR", items })
    expect(first.customerCreated).toBe(true)
    const second = await api.orders.create({ customer: nell, currency: "EUR", items })
    expect(second).toMatchObject({ customerId: first.customerId, customerCreated: false })
    const byId = await api.orders.create({ customerId: first.customerId, currency: "EUR", items })
    expect(byId.customerCreated).toBe(false)
  })

  it("is FORBIDDEN naming customers:create when a token without it would create a customer", async () => {
    const api = current.as(current.without("customers:create"))
    const refused = await failure(
      api.orders.create({ customer: { ...nell, identifier: "someone-new" }, currency: "EUR", items })
    )
    expect(refused.code).toBe("FORBIDDEN")
    expect(refused.message).toBe("missing permission customers:create")
    const found = await api.orders.create({ customer: nell, currency: "EUR", items })
    expect(found.customerCreated).toBe(false)
  })

  it("needs customerId or customer, not both, and names the customer's bad fields", async () => {
    const api = current.as(current.admin())
    const neither = await failure(api.orders.create({ currency: "EUR", items } as never))
    expect(neither.code).toBe("BAD_REQUEST")
    expect(neither.cause?.issues).toEqual([{ path: ["customerId"], message: "give customerId or customer" }])
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const both = await failure(api.orders.create({ customerId: customer.id, customer: nell, currency: "EUR", items }))
    expect(both.cause?.issues).toEqual([{ path: ["customer"], message: "give customerId or customer, not both" }])
    const bad = await failure(
      api.orders.create({
        customer: { identifier: "x y", firstName: "A", lastName: "B", email: "nope", birthDate: "2999-01-01" },
        currency: "EUR",
        items
      })
    )
    expect(bad.cause?.issues?.map((issue) => issue.path)).toEqual([
      ["customer", "identifier"],
      ["customer", "email"],
      ["customer", "birthDate"]
    ])
  })
})
