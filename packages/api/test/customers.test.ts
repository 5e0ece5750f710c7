import { afterEach, describe, expect, it } from "vitest"
import { failure, tenantB, world } from "./harness.ts"

let current = world()
afterEach(async () => {
  await current.dispose()
  current = world()
})

describe("customers procedures", () => {
  it("creates, reads, patches and deletes a customer as JSON", async () => {
    const api = current.as(current.admin())
    const created = await api.customers.create({ firstName: " Ada ", lastName: "Lovelace", meta: { tier: "gold" } })
    expect(created).toMatchObject({ firstName: "Ada", version: 1, meta: { tier: "gold" } })
    expect(typeof created.createdAt).toBe("string")
    expect(await api.customers.get({ identifier: created.identifier })).toEqual(created)
    const updated = await api.customers.update({
      id: created.id,
      expectedVersion: 1,
      patch: { middleName: "King", meta: { set: { channel: "web" } } }
    })
    expect(updated).toMatchObject({ version: 2, middleName: "King", meta: { tier: "gold", channel: "web" } })
    expect(await api.customers.deletionPreview({ id: created.id })).toEqual({
      preservedOrderCount: 0,
      deletedSubscriptionContractIds: []
    })
    expect(await api.customers.delete({ id: created.id })).toEqual({
      id: created.id,
      preservedOrderCount: 0,
      deletedSubscriptionContractIds: []
    })
    expect((await failure(api.customers.get({ id: created.id }))).code).toBe("NOT_FOUND")
  })

  it("reports every problem of a bad input with its path, and writes nothing", async () => {
    const api = current.as(current.admin())
    const error = await failure(api.customers.create({ firstName: "", email: "nope", phone: "x" } as never))
    expect(error.code).toBe("BAD_REQUEST")
    const issues = (error.cause?.issues ?? []).map((issue) => issue.path.map(String).join("."))
    expect(issues).toEqual(expect.arrayContaining(["firstName", "lastName", "email", "phone"]))
    expect((await api.customers.list({})).items).toEqual([])
  })

  it("refuses text PostgreSQL cannot store (NUL, unpaired surrogates) by field, in values and keys", async () => {
    const api = current.as(current.admin())
    const error = await failure(
      api.customers.create({
        firstName: "Ada",
        lastName: "Love\u0000lace",
        addresses: [{ type: "billing", street: "\ud800" }],
        meta: { "\u0000": "x" }
      } as never)
    )
    expect(error.code).toBe("BAD_REQUEST")
    const issues = (error.cause?.issues ?? []).map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`)
    expect(issues.sort()).toEqual([
      "addresses.0.street: must be well-formed Unicode (it contains an unpaired surrogate)",
      "lastName: must not contain the NUL character (U+0000)",
      "meta.\u0000: has a key that must not contain the NUL character (U+0000)"
    ])
    expect((await api.customers.list({ search: "Ada" })).items).toEqual([])
  })

  it("answers CONFLICT for a stale expectedVersion and a taken identifier", async () => {
    const api = current.as(current.admin())
    const created = await api.customers.create({ firstName: "A", lastName: "B", identifier: "ab" })
    await api.customers.update({ id: created.id, patch: { firstName: "C" } })
    const stale = await failure(api.customers.update({ id: created.id, expectedVersion: 1, patch: { firstName: "D" } }))
    expect(stale.code).toBe("CONFLICT")
    expect(stale.message).toContain("version 2")
    expect((await failure(api.customers.create({ firstName: "A", lastName: "B", identifier: "ab" }))).code).toBe(
      "CONFLICT"
    )
  })

  it("gives another tenant NOT_FOUND and an empty list", async () => {
    const created = await current.as(current.admin()).customers.create({ firstName: "A", lastName: "B" })
    const other = current.as(current.admin(tenantB))
    expect((await failure(other.customers.get({ id: created.id }))).code).toBe("NOT_FOUND")
    expect((await failure(other.customers.delete({ id: created.id }))).code).toBe("NOT_FOUND")
    expect((await other.customers.list({})).items).toEqual([])
  })

  it("refuses a call without a token", async () => {
    expect((await failure(current.as(null).customers.list({}))).code).toBe("UNAUTHORIZED")
  })
})
