import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Exit, Result, Schema } from "effect"
import type * as Address from "./Address.ts"
import * as Customer from "./Customer.ts"
import * as Validation from "./Validation.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const id = "cus_01JBZ0000000000000000000AA" as Customer.CustomerId
const addressIds = ["adr_01JBZ0000000000000000000A1", "adr_01JBZ0000000000000000000A2"] as Array<Address.AddressId>

const decodeCreate = Validation.decode(Customer.CreateInput)
const issuesOf = (input: unknown) =>
  Effect.runSync(decodeCreate(input).pipe(Effect.flip)).issues.map((i) => `${i.path.join(".")}: ${i.message}`)
const create = (input: unknown) => {
  const decoded = Effect.runSync(decodeCreate(input))
  return Result.getOrThrow(Customer.make(decoded, { id, now, addressIds }))
}

describe("Customer.CreateInput", () => {
  it("requires a first and a last name, reporting both", () => {
    assert.deepStrictEqual(issuesOf({}), ["firstName: is required", "lastName: is required"])
  })

  it("trims every string before checking it", () => {
    const customer = create({ firstName: "  Ada ", lastName: " Lovelace", email: " ada@example.com " })
    assert.strictEqual(customer.firstName, "Ada")
    assert.strictEqual(customer.lastName, "Lovelace")
    assert.strictEqual(customer.email, "ada@example.com")
  })

  it("refuses a name of only spaces", () => {
    assert.deepStrictEqual(issuesOf({ firstName: "   ", lastName: "L" }), ["firstName: must be 1 to 200 characters"])
  })

  it("reports every broken field rule at once, each by its path", () => {
    const issues = issuesOf({
      firstName: "A",
      lastName: "B",
      identifier: "has space",
      email: "not-an-email",
      phone: "call me",
      birthDate: "2020-02-30",
      meta: { "bad key": "x" },
      addresses: [{ type: "billing", country: "XX" }]
    })
    assert.deepStrictEqual(issues, [
      "identifier: may hold only letters, digits and . _ @ + -",
      "email: must be a valid email address, like ada@example.com",
      "phone: may hold only digits, spaces and + ( ) - .",
      "phone: must contain a digit",
      "birthDate: must be a real calendar date",
      "addresses.0.country: must be an ISO 3166-1 alpha-2 country code, like NO or US",
      "meta.bad key: may hold only letters, digits and _ . -"
    ])
  })

  it("allows at most one default address per type", () => {
    const issues = issuesOf({
      firstName: "A",
      lastName: "B",
      addresses: [
        { type: "billing", isDefault: true },
        { type: "billing", isDefault: true },
        { type: "delivery", isDefault: true }
      ]
    })
    assert.deepStrictEqual(issues, ["addresses: only one billing address can be the default"])
  })

  it("refuses the same address id twice", () => {
    const id = "adr_01JBZ0000000000000000000A1"
    const issues = issuesOf({
      firstName: "A",
      lastName: "B",
      addresses: [
        { id, type: "billing" },
        { id, type: "other" }
      ]
    })
    assert.deepStrictEqual(issues, ["addresses: each address id can appear only once"])
  })

  it("allows at most 20 addresses, 50 meta entries and 20 external references", () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]))
    const issues = issuesOf({
      firstName: "A",
      lastName: "B",
      addresses: Array.from({ length: 21 }, () => ({ type: "other" })),
      meta: many(51),
      externalReferences: many(21)
    })
    assert.deepStrictEqual(issues, [
      "addresses: must hold at most 20 addresses",
      "meta: must hold at most 50 entries",
      "externalReferences: must hold at most 20 entries"
    ])
  })

  it("refuses a birth date before 1900-01-01 and accepts that day", () => {
    assert.deepStrictEqual(issuesOf({ firstName: "A", lastName: "B", birthDate: "1899-12-31" }), [
      "birthDate: must be on or after 1900-01-01"
    ])
    assert.strictEqual(create({ firstName: "A", lastName: "B", birthDate: "1900-01-01" }).birthDate, "1900-01-01")
  })

  it("accepts a lower case country code and stores it upper case", () => {
    const customer = create({ firstName: "A", lastName: "B", addresses: [{ type: "delivery", country: "no" }] })
    assert.strictEqual(customer.addresses[0]?.country, "NO")
  })
})

describe("Customer.make", () => {
  it("starts at version 1 with defaults and a generated identifier", () => {
    const customer = create({ firstName: "Ada", lastName: "Lovelace" })
    assert.strictEqual(customer.version, 1)
    assert.strictEqual(customer.type, "individual")
    assert.strictEqual(customer.identifier, "cus-01JBZ0000000000000000000AA")
    assert.deepStrictEqual(customer.meta, {})
    assert.isTrue(Schema.is(Customer.Identifier)(customer.identifier))
  })

  it("gives new addresses ids and isDefault false unless told", () => {
    const customer = create({
      firstName: "A",
      lastName: "B",
      addresses: [{ type: "billing" }, { type: "delivery", isDefault: true }]
    })
    assert.deepStrictEqual(
      customer.addresses.map((a) => [a.id, a.isDefault]),
      [
        [addressIds[0], false],
        [addressIds[1], true]
      ]
    )
  })

  it("refuses a birth date in the future", () => {
    const decoded = Effect.runSync(decodeCreate({ firstName: "A", lastName: "B", birthDate: "2026-11-25" }))
    const result = Customer.make(decoded, { id, now, addressIds })
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) assert.strictEqual(result.failure.message, "birthDate: must not be in the future")
  })

  it("accepts a birth date of today", () => {
    assert.strictEqual(create({ firstName: "A", lastName: "B", birthDate: "2026-11-24" }).birthDate, "2026-11-24")
  })
})

describe("Customer.applyPatch", () => {
  const later = DateTime.add(now, { minutes: 5 })
  const base = create({
    firstName: "Ada",
    lastName: "Lovelace",
    middleName: "King",
    meta: { tier: "gold", source: "web" },
    externalReferences: { erp: "42" }
  })
  const patch = (input: unknown) =>
    Customer.applyPatch(base, Effect.runSync(Validation.decode(Customer.Patch)(input)), { now: later, addressIds })

  it("sets fields, clears optional ones with null, and bumps version and updatedAt", () => {
    const patched = Result.getOrThrow(patch({ firstName: "Augusta", middleName: null }))
    assert.strictEqual(patched.firstName, "Augusta")
    assert.isFalse("middleName" in patched)
    assert.strictEqual(patched.version, 2)
    assert.isTrue(DateTime.Equivalence(patched.updatedAt, later))
    assert.isTrue(DateTime.Equivalence(patched.createdAt, now))
  })

  it("merges meta and external references instead of replacing them", () => {
    const patched = Result.getOrThrow(
      patch({
        meta: { set: { tier: "platinum", channel: "b2b" }, unset: ["source"] },
        externalReferences: { set: { crm: "7" } }
      })
    )
    assert.deepStrictEqual(patched.meta, { tier: "platinum", channel: "b2b" })
    assert.deepStrictEqual(patched.externalReferences, { erp: "42", crm: "7" })
  })

  it("refuses to set and unset the same key", () => {
    const exit = Effect.runSyncExit(Validation.decode(Customer.Patch)({ meta: { set: { a: "1" }, unset: ["a"] } }))
    assert.isTrue(Exit.isFailure(exit))
  })

  it("refuses a patch that would pass the meta limit", () => {
    const set = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]))
    const result = patch({ meta: { set } })
    assert.isTrue(Result.isFailure(result))
  })

  it("cannot clear a required name", () => {
    assert.deepStrictEqual(
      Effect.runSync(Validation.decode(Customer.Patch)({ lastName: null }).pipe(Effect.flip)).issues.map((i) => i.path),
      [["lastName"]]
    )
  })

  const ScalarPatch = Schema.Struct({
    firstName: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Za-z]{1,20}$/))),
    companyName: Schema.optionalKey(
      Schema.NullOr(Schema.String.check(Schema.isPattern(/^[A-Za-z ]{0,20}$/)).check(Schema.isTrimmed()))
    ),
    type: Schema.optionalKey(Customer.CustomerType)
  })

  it.prop("patch then read gives the patch", [ScalarPatch], ([scalarPatch]) => {
    const patched = Result.getOrThrow(Customer.applyPatch(base, scalarPatch, { now: later, addressIds }))
    return Object.entries(scalarPatch).every(([key, value]) =>
      value === null ? !(key in patched) : (patched as Record<string, unknown>)[key] === value
    )
  })
})

describe("Customer.Customer", () => {
  it("round-trips a stored customer through its JSON form", () => {
    const customer = create({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      addresses: [{ type: "billing", city: "London", country: "GB", isDefault: true }],
      meta: { a: "b" },
      externalReferences: { erp: "1" }
    })
    const json = Customer.toJson(customer)
    assert.strictEqual(json.createdAt, "2026-11-24T12:00:00.000Z")
    assert.deepStrictEqual(Schema.decodeUnknownSync(Customer.Customer)(JSON.parse(JSON.stringify(json))), customer)
  })

  it("still reads a birth date before 1900 stored when inputs allowed it", () => {
    const json = { ...Customer.toJson(create({ firstName: "Ada", lastName: "Lovelace" })), birthDate: "1815-12-10" }
    assert.strictEqual(Schema.decodeUnknownSync(Customer.Customer)(json).birthDate, "1815-12-10")
  })

  it.prop(
    "any Schema-valid customer round-trips encode then decode",
    [Customer.Customer],
    ([customer]) => {
      const json = JSON.parse(JSON.stringify(Customer.toJson(customer)))
      const back = Schema.decodeUnknownSync(Customer.Customer)(json)
      return JSON.stringify(Customer.toJson(back)) === JSON.stringify(Customer.toJson(customer))
    },
    { arbitrary: { runs: 100, maxDiscards: 100_000, seed: 20261124 } }
  )
})
