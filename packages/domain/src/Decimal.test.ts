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

describe("Decimal.formatAtScale", () => {
  it.each([
    [BigDecimal.make(450n, 2), "4.50"],
    [BigDecimal.make(0n, 2), "0.00"],
    [BigDecimal.make(-5n, 3), "-0.005"],
    [BigDecimal.make(45n, -1), "450"],
    [BigDecimal.make(450n, 0), "450"]
  ])("writes %s with the digits its scale holds", (value, written) => {
    assert.strictEqual(Decimal.formatAtScale(value), written)
  })

  it("keeps an amount's written digits through decoding and encoding", () => {
    assert.strictEqual(Schema.encodeSync(Decimal.Amount)(Schema.decodeUnknownSync(Decimal.Amount)("4.50")), "4.50")
    assert.strictEqual(Schema.encodeSync(Decimal.Decimal)(Schema.decodeUnknownSync(Decimal.Decimal)("4.50")), "4.5")
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

describe("Decimal.bounded", () => {
  const quantity = Decimal.bounded(Decimal.quantityDigits)
  const problems = (input: unknown) =>
    Effect.runSync(Validation.decode(quantity)(input).pipe(Effect.flip)).issues.map((issue) => issue.message)

  it.each(["999999999999999999.999999999", "-999999999999999999.999999999", "0", "0.000000001", "12.50"])(
    "admits %s (at most 18 digits before the point and 9 after)",
    (input) => {
      assert.strictEqual(Decimal.format(Schema.decodeUnknownSync(quantity)(input)), Decimal.format(Decimal.of(input)))
    }
  )

  it("counts neither leading zeros of the whole part nor trailing zeros of the fraction", () => {
    assert.strictEqual(Decimal.format(Schema.decodeUnknownSync(quantity)("000000000000000000001.5000000000000")), "1.5")
  })

  it.each(["1000000000000000000", "9".repeat(999), "0.0000000001", "1.1234567891"])(
    "refuses %s, saying what it expects",
    (input) => {
      assert.deepStrictEqual(problems(input), ["must have at most 18 digits before the point and 9 after"])
    }
  )

  it("bounds unit prices to 12 decimals and rates to 1 digit before the point", () => {
    assert.isTrue(Schema.is(Schema.toType(Decimal.bounded(Decimal.unitPriceDigits)))(Decimal.of("0.000000000001")))
    assert.isFalse(Schema.is(Schema.toType(Decimal.bounded(Decimal.unitPriceDigits)))(Decimal.of("0.0000000000001")))
    const rate = Effect.runSync(Validation.decode(Decimal.bounded(Decimal.rateDigits))("10").pipe(Effect.flip))
    assert.strictEqual(rate.issues[0]?.message, "must have at most 1 digit before the point and 9 after")
  })

  it("still refuses a malformed decimal by its shape alone", () => {
    assert.deepStrictEqual(problems("1e5"), ['must be a decimal number written as a string, like "12.50"'])
  })
})
