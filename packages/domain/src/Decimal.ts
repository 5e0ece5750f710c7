/**
 * Exact decimals: money and metered quantities are BigDecimals inside and decimal strings on the wire
 * (`"12.50"`), never floats.
 */
import { BigDecimal, Schema, SchemaTransformation } from "effect"

/** The canonical written form: normalized, never an exponent (`"136"`, `"0.5"`, `"10000000000000000"`). */
export const format = (value: BigDecimal.BigDecimal): string => {
  const normalized = BigDecimal.normalize(value)
  const sign = normalized.value < 0n ? "-" : ""
  const digits = (normalized.value < 0n ? -normalized.value : normalized.value).toString()
  if (normalized.scale <= 0) return sign + digits + "0".repeat(-normalized.scale)
  const padded = digits.padStart(normalized.scale + 1, "0")
  return `${sign}${padded.slice(0, -normalized.scale)}.${padded.slice(-normalized.scale)}`
}

/** A decimal number, written as a plain decimal string on the wire (no exponent, at most 1,000 characters). */
export const Decimal = Schema.String.check(
  Schema.isMaxLength(1000, { message: "must be at most 1000 characters" }),
  Schema.isPattern(/^-?\d+(\.\d+)?$/, { message: 'must be a decimal number written as a string, like "12.50"' })
).pipe(
  Schema.decodeTo(
    Schema.BigDecimal,
    SchemaTransformation.transform({ decode: (text: string) => BigDecimal.fromStringUnsafe(text), encode: format })
  )
)
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

/** Rounds to `scale` digits after the point, half away from zero (money is shown at the currency's scale). */
export const round = (value: Decimal, scale: number): Decimal =>
  BigDecimal.round(value, { scale, mode: "half-from-zero" })
