import { assert, describe, it } from "@effect/vitest"
import { DateTime, Result, type Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as InputRules from "./InputRules.ts"
import * as Role from "./Role.ts"
import * as SubscriptionContract from "./SubscriptionContract.ts"
import * as Usage from "./Usage.ts"
import * as Validation from "./Validation.ts"
import * as Webhook from "./Webhook.ts"

const now = DateTime.makeUnsafe("2026-12-04T12:00:00Z")

/** Every problem of one check, as `path: message`, in the order reported. */
const problems = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  rules: ReadonlyArray<InputRules.Rule>,
  input: unknown
) => {
  const result = Validation.check(schema, ...rules)(input, now)
  return Result.isSuccess(result) ? [] : result.failure.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
}

describe("Validation.check", () => {
  it("reports structure, field, cross-field and clock problems of a customer in one answer", () => {
    const found = problems(Customer.CreateInput, Customer.inputRules, {
      lastName: 42,
      nickname: "Addy",
      email: "not an email",
      birthDate: "2999-01-01",
      addresses: [
        { type: "billing", isDefault: true, country: "XX" },
        { type: "billing", isDefault: true, city: "Oslo" }
      ]
    })
    assert.deepStrictEqual([...found].sort(), [
      "addresses.0.country: must be an ISO 3166-1 alpha-2 country code, like NO or US",
      "addresses: only one billing address can be the default",
      "birthDate: must not be in the future",
      "email: must be a valid email address, like ada@example.com",
      "firstName: is required",
      "lastName: must be a string",
      "nickname: unknown field"
    ])
  })

  it("lists a rule's problem beside the other problems of its field", () => {
    const found = problems(Customer.CreateInput, Customer.inputRules, {
      firstName: "Ada",
      addresses: [
        { type: "billing", isDefault: true, country: "XX" },
        { type: "billing", isDefault: true }
      ],
      lastName: 1
    })
    // Fields in the Schema's order, the rule's problem at `addresses` beside the structure problem inside it.
    assert.deepStrictEqual(found, [
      "lastName: must be a string",
      "addresses.0.country: must be an ISO 3166-1 alpha-2 country code, like NO or US",
      "addresses: only one billing address can be the default"
    ])
  })

  it("reports a problem found both by the Schema and by a rule once", () => {
    const found = problems(Customer.CreateInput, Customer.inputRules, {
      firstName: "Ada",
      lastName: "Lovelace",
      addresses: [
        { type: "delivery", isDefault: true },
        { type: "delivery", isDefault: true }
      ]
    })
    assert.deepStrictEqual(found, ["addresses: only one delivery address can be the default"])
  })

  it("passes a valid input with its decoded value", () => {
    const result = Validation.check(Customer.CreateInput, ...Customer.inputRules)(
      { firstName: " Ada ", lastName: "Lovelace", birthDate: "1990-12-10" },
      now
    )
    assert.deepStrictEqual(Result.getOrThrow(result), {
      firstName: "Ada",
      lastName: "Lovelace",
      birthDate: "1990-12-10"
    })
  })

  it("applies the rules of a patch under its path", () => {
    const found = problems(Customer.Patch, [], { birthDate: "2999-01-01" })
    assert.deepStrictEqual(found, [])
    const rules = [InputRules.under(["patch"], ...Customer.inputRules)]
    const update = problems(Customer.Patch, rules, { patch: { birthDate: "2999-01-01", addresses: "x" } })
    assert.include(update, "patch.birthDate: must not be in the future")
    assert.include(update, "patch: unknown field")
  })

  it("checks repeated metered variables and tier thresholds even when a tier's price is bad", () => {
    const variable = (unitPrice: string | number) => ({
      identifier: "calls",
      name: "API calls",
      unit: "call",
      tierType: "graduated",
      tiers: [
        { threshold: "0", unitPrice },
        { threshold: "0", unitPrice: "1" }
      ]
    })
    const found = problems(SubscriptionContract.CreateInput, SubscriptionContract.inputRules, {
      customerId: "cus_01JB8E6XKQ3T5V7W9Y1Z2A4C6D",
      plan: { identifier: "api", name: "API" },
      item: { sku: "api", name: "API", quantity: 1 },
      currency: "EUR",
      recurring: { price: "10", period: 1, unit: "month", meteredVariables: [variable(4.5), variable("1")] }
    })
    assert.deepStrictEqual([...found].sort(), [
      'recurring.meteredVariables.0.tiers.0.unitPrice: send decimals as strings, e.g. "4.50"',
      "recurring.meteredVariables.0.tiers: thresholds must be distinct",
      "recurring.meteredVariables.1.tiers: thresholds must be distinct",
      "recurring.meteredVariables: metered variable identifiers must be unique: calls is repeated"
    ])
  })

  it("checks each usage record of a batch against the clock together with its structure", () => {
    const found = problems(Usage.BatchInput, Usage.batchRules, {
      records: [
        {
          contractId: "sub_x",
          meteredVariable: "calls",
          quantity: "1",
          idempotencyKey: "a",
          occurredAt: "2027-01-01T00:00:00Z"
        },
        { contractId: "sub_01JB8E6XKQ3T5V7W9Y1Z2A4C6D", meteredVariable: "calls", quantity: 1, idempotencyKey: "b" }
      ]
    })
    assert.deepStrictEqual([...found].sort(), [
      "records.0.contractId: must look like sub_01J…",
      "records.0.occurredAt: must not be in the future",
      'records.1.quantity: send decimals as strings, e.g. "4.50"'
    ])
  })

  it("refuses a permission listed twice beside an unknown one", () => {
    const found = problems(Role.CreateInput, Role.inputRules, {
      name: "support",
      permissions: ["customers:read", "customers:read", "customers:fly"]
    })
    assert.deepStrictEqual(found.length, 2)
    assert.include(found, "permissions: must list each permission once")
    assert.isTrue(found.some((problem) => problem.startsWith("permissions.2: ")))
  })

  it("refuses an event type listed twice and '*' beside others, beside an unknown type", () => {
    const found = problems(Webhook.CreateInput, Webhook.inputRules, {
      url: "https://example.com/hook",
      events: ["customer.created", "customer.created", "nope"]
    })
    assert.include(found, "events: must list each event type once")
    assert.isTrue(found.some((problem) => problem.startsWith("events.2: unknown event type")))
    const star = problems(Webhook.CreateInput, Webhook.inputRules, {
      url: "https://example.com/hook",
      events: ["*", "customer.created", "nope"]
    })
    assert.include(star, `events: "*" already covers every type and must stand alone`)
  })

  it("keeps the cap of 100 problems with one counting the rest", () => {
    const records = Array.from({ length: 300 }, () => ({ occurredAt: "2999-01-01T00:00:00Z" }))
    const result = Validation.check(Usage.BatchInput, ...Usage.batchRules)({ records }, now)
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.strictEqual(result.failure.issues.length, 101)
      // 300 records × (4 missing fields + a future occurredAt), less the 100 listed.
      assert.strictEqual(result.failure.issues[100]?.message, "… and 1,400 more problems")
    }
  })
})

describe("InputRules", () => {
  it("looks only at the parts that decode and says nothing about the rest", () => {
    const rule = InputRules.onValue(["birthDate"], Customer.BirthDate, Customer.birthDateProblem)
    assert.deepStrictEqual(rule({ birthDate: 19991231 }, now), [])
    assert.deepStrictEqual(rule("not an object", now), [])
    assert.deepStrictEqual(rule({ birthDate: "2026-12-05" }, now), [
      { path: ["birthDate"], message: "must not be in the future" }
    ])
    assert.deepStrictEqual(rule({ birthDate: "2026-12-04" }, now), [])
  })

  it("finds every value of a pattern with its concrete path", () => {
    assert.deepStrictEqual(InputRules.valuesAt({ a: [{ b: 1 }, {}, { b: 2 }] }, ["a", "*", "b"]), [
      { path: ["a", 0, "b"], value: 1 },
      { path: ["a", 2, "b"], value: 2 }
    ])
  })
})
