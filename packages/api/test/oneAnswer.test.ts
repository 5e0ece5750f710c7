/**
 * Every problem in one answer (issue 13): structure, field rules, cross-field rules and clock rules of an input are
 * reported together through the real router, unknown keys are refused by name, and messages are sentences.
 */
import { afterAll, describe, expect, it } from "vitest"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())
const api = current.as(current.admin())

/** The issues of a refused call as `path: message`, after checking it was refused as BAD_REQUEST. */
const problems = async (call: Promise<unknown>) => {
  const error = await failure(call)
  expect(error.code).toBe("BAD_REQUEST")
  return (error.cause?.issues ?? []).map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`)
}

describe("one answer for every problem", () => {
  it("reports structure, a future birth date and two default billing addresses of customers.create together", async () => {
    const found = await problems(
      api.customers.create({
        lastName: "Lovelace",
        email: "ada(at)example.com",
        birthDate: "2999-01-01",
        addresses: [
          { type: "billing", isDefault: true, country: "Atlantis" },
          { type: "billing", isDefault: true, city: "London" }
        ]
      } as never)
    )
    expect([...found].sort()).toEqual([
      "addresses.0.country: must be an ISO 3166-1 alpha-2 country code, like NO or US",
      "addresses: only one billing address can be the default",
      "birthDate: must not be in the future",
      "email: must be a valid email address, like ada@example.com",
      "firstName: is required"
    ])
    expect((await api.customers.list({})).items).toEqual([])
  })

  it("reports the same rules in a patch, under patch", async () => {
    const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace" })
    const found = await problems(
      api.customers.update({
        id: customer.id,
        patch: {
          firstName: "",
          birthDate: "2999-01-01",
          addresses: [
            { type: "delivery", isDefault: true, email: "x" },
            { type: "delivery", isDefault: true }
          ]
        }
      } as never)
    )
    expect(found).toEqual(
      expect.arrayContaining([
        "patch.birthDate: must not be in the future",
        "patch.addresses: only one delivery address can be the default",
        "patch.addresses.0.email: must be a valid email address, like ada@example.com"
      ])
    )
    expect(found.some((problem) => problem.startsWith("patch.firstName: "))).toBe(true)
  })

  it("refuses unknown keys by name instead of dropping them, and allows any key in meta", async () => {
    expect(await problems(api.customers.create({ firstName: "Ada", lastName: "L", nickname: "x" } as never))).toEqual([
      "nickname: unknown field"
    ])
    expect(
      await problems(
        api.customers.create({
          firstName: "Ada",
          lastName: "L",
          addresses: [{ type: "other", planet: "Mars" }]
        } as never)
      )
    ).toEqual(["addresses.0.planet: unknown field"])
    const kept = await api.customers.create({ firstName: "Ada", lastName: "L", meta: { nickname: "x" } })
    expect(kept.meta).toEqual({ nickname: "x" })
  })

  it("answers in sentences naming what is expected", async () => {
    expect(await problems(api.customers.get({} as never))).toEqual([
      ": give one of id, identifier or externalReference"
    ])
    expect(await problems(api.customers.get({ id: "customer-1" } as never))).toEqual(["id: must look like cus_01J…"])
    expect(await problems(api.orders.get({ id: "cus_01JB8E6XKQ3T5V7W9Y1Z2A4C6D" } as never))).toEqual([
      "id: must look like ord_01J…"
    ])
    expect(await problems(api.access.roles.delete({ id: "role_1" } as never))).toEqual(["id: must look like rol_01J…"])
    const customer = await api.customers.create({ firstName: "Grace", lastName: "Hopper" })
    const order = await problems(
      api.orders.create({
        customerId: customer.id,
        currency: "EUR",
        items: [{ name: "Tea", quantity: "1", unitPrice: 4.5 }]
      } as never)
    )
    expect(order).toEqual(['items.0.unitPrice: send decimals as strings, e.g. "4.50"'])
    const missing = await problems(api.customers.create({} as never))
    expect(missing).toEqual(["firstName: is required", "lastName: is required"])
    for (const problem of [...order, ...missing]) expect(problem).not.toMatch(/Expected|Missing key|got undefined/)
  })

  it("reports a usage record's future occurredAt together with its structure problems", async () => {
    const found = await problems(
      api.usage.record({
        contractId: "sub_01JB8E6XKQ3T5V7W9Y1Z2A4C6D",
        meteredVariable: "calls",
        quantity: 3,
        occurredAt: "2999-01-01T00:00:00Z"
      } as never)
    )
    expect([...found].sort()).toEqual([
      "idempotencyKey: is required",
      "occurredAt: must not be in the future",
      'quantity: send decimals as strings, e.g. "4.50"'
    ])
  })
})
