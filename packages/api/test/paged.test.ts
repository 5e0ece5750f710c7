/**
 * Lists as tRPC's infinite queries call them (the admin's customer list, orders and delivery log): they add
 * `direction: "forward"` to every page's input, which is accepted while every other unknown key is refused by name.
 */
import { afterAll, describe, expect, it } from "vitest"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())
const api = current.as(current.admin())

describe("lists called by infinite queries", () => {
  it("accept direction forward on every paged list", async () => {
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const endpoint = await api.webhooks.create({ url: "https://hooks.example.com/patron", events: ["*"] })
    const forward = { direction: "forward", limit: 10 } as const
    expect((await api.customers.list(forward as never)).items.map((item) => item.id)).toEqual([customer.id])
    expect((await api.orders.list({ ...forward, customerId: customer.id } as never)).items).toEqual([])
    expect((await api.subscriptionContracts.list({ ...forward, customerId: customer.id } as never)).items).toEqual([])
    expect((await api.webhooks.deliveries({ ...forward, endpointId: endpoint.id } as never)).items).toBeDefined()
  })

  it("refuse another direction, and still refuse unknown keys, by name", async () => {
    const backward = await failure(api.customers.list({ direction: "backward" } as never))
    expect(backward.code).toBe("BAD_REQUEST")
    expect(backward.cause?.issues?.map((issue) => issue.path.join("."))).toEqual(["direction"])
    const unknown = await failure(api.customers.list({ nickname: "x" } as never))
    expect(unknown.cause?.issues?.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      "nickname: unknown field"
    ])
  })
})
