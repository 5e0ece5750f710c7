import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Schema } from "effect"
import * as Decimal from "./Decimal.ts"
import * as Validation from "./Validation.ts"

describe("Decimal.format", () => {
  it.each([
    ["136", "136"],
    ["0.50", "0.5"],
    ["-0.05", "-0.05"],
    ["10000000000000000", "10000000000000000"],
    ["0.0000000000000001", "0.0000000000000001"],
    ["123456789012345678901234567890.123456789", "123456789012345678901234567890.123456789"]
  ])("writes %s as %s, never with an exponent", (input, written) => {
    assert.strictEqual(Decimal.format(BigDecimal.fromStringUnsafe(input)), written)
    assert.strictEqual(Schema.encodeSync(Decimal.Decimal)(Schema.decodeUnknownSync(Decimal.Decimal)(input)), written)
  })
})

describe("Decimal.Decimal", () => {
  it.each(["1e5", "", " 1", "1.", ".5", "0x10", "١٢"])("refuses %j", (input) => {
    const error = Effect.runSync(Validation.decode(Decimal.Decimal)(input).pipe(Effect.flip))
    assert.strictEqual(error.issues[0]?.message, 'must be a decimal number written as a string, like "12.50"')
  })

  it("refuses a JSON number", () => {
    assert.isFalse(Schema.is(Schema.toEncoded(Decimal.Decimal))(12.5))
  })
})
