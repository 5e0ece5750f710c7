/**
 * Exact decimals: money and metered quantities are BigDecimals inside and decimal strings on the wire
 * (`"12.50"`), never floats.
 */
import { BigDecimal, Schema } from "effect"

/** A decimal number, written as a string on the wire. */
export const Decimal = Schema.BigDecimalFromString.annotate({
  description: 'a decimal number written as a string, e.g. "12.50"'
})
export type Decimal = BigDecimal.BigDecimal

/** A decimal that is zero or more. */
export const NonNegativeDecimal = Decimal.check(
  Schema.isGreaterThanOrEqualToBigDecimal(BigDecimal.fromNumberUnsafe(0), { message: "must be 0 or more" })
)

/** A decimal that is more than zero. */
export const PositiveDecimal = Decimal.check(
  Schema.isGreaterThanBigDecimal(BigDecimal.fromNumberUnsafe(0), { message: "must be more than 0" })
)

export const zero: Decimal = BigDecimal.fromNumberUnsafe(0)

/** Builds a decimal from its written form; throws on a malformed literal, so only for literals in code and tests. */
export const of = (literal: string | number): Decimal =>
  typeof literal === "number" ? BigDecimal.fromNumberUnsafe(literal) : BigDecimal.fromStringUnsafe(literal)

/** Adds decimals exactly. */
export const sum = (values: Iterable<Decimal>): Decimal => {
  let total = zero
  for (const value of values) total = BigDecimal.sum(total, value)
  return total
}

/** The canonical written form: normalized, no exponent (`"136"`, `"0.5"`). */
export const format = (value: Decimal): string => BigDecimal.format(BigDecimal.normalize(value))

/** Rounds to `scale` digits after the point, half away from zero (money is shown at the currency's scale). */
export const round = (value: Decimal, scale: number): Decimal =>
  BigDecimal.round(value, { scale, mode: "half-from-zero" })
