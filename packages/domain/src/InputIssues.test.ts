import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as Order from "./Order.ts"
import * as Validation from "./Validation.ts"

const messages = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, input: unknown) => {
  const result = Schema.decodeUnknownResult(schema)(input, Validation.parseOptions)
  return Result.isSuccess(result)
    ? []
    : Validation.issuesOf(result.failure, input).map((issue) => [...issue.path, issue.message].join(": "))
}

describe("InputIssues", () => {
  it("says a missing field is required and an undeclared one is unknown, by name", () => {
    assert.deepStrictEqual(messages(Customer.CreateInput, { firstName: "Ada", nickname: "x" }), [
      "nickname: unknown field",
      "lastName: is required"
    ])
  })

  it("allows any key in meta, a free map, and refuses unknown keys inside addresses", () => {
    assert.deepStrictEqual(
      messages(Customer.CreateInput, {
        firstName: "Ada",
        lastName: "Lovelace",
        meta: { anything: "goes" },
        addresses: [{ type: "billing", planet: "Mars" }]
      }),
      ["addresses: 0: planet: unknown field"]
    )
  })

  it("says what a wrong type should be, in words", () => {
    assert.deepStrictEqual(messages(Customer.CreateInput, { firstName: 1, lastName: null, type: "robot" }), [
      'type: must be one of "individual" or "organization"',
      "firstName: must be a string",
      "lastName: must be a string, not null"
    ])
  })

  it("asks for one of the ways to look a customer up", () => {
    assert.deepStrictEqual(messages(Customer.Lookup, {}), ["give one of id, identifier or externalReference"])
    assert.deepStrictEqual(messages(Customer.Lookup, { id: "42" }), ["id: must look like cus_01J…"])
    assert.deepStrictEqual(messages(Customer.Lookup, { id: "x", identifier: "y" }), [
      "give only one of id, identifier or externalReference"
    ])
  })

  it("asks for decimals as strings", () => {
    assert.deepStrictEqual(messages(Order.Item, { name: "Tea", quantity: 2, unitPrice: "4.5x" }), [
      'quantity: send decimals as strings, e.g. "4.50"',
      'unitPrice: must be a decimal number written as a string, like "12.50"'
    ])
  })
})
