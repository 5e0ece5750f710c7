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

/**
 * The written form at the scale the value holds (`"4.50"` stays `"4.50"`, never an exponent): money, whose digits
 * after the point the currency sets (`Currency.amount`, `Currency.unitPrice`).
 */
export const formatAtScale = (value: BigDecimal.BigDecimal): string => {
  if (value.scale <= 0) return format(value)
  const sign = value.value < 0n ? "-" : ""
  const padded = (value.value < 0n ? -value.value : value.value).toString().padStart(value.scale + 1, "0")
  return `${sign}${padded.slice(0, -value.scale)}.${padded.slice(-value.scale)}`
}

const decimalText = /^-?\d+(\.\d+)?$/

const isDecimalText = Schema.isPattern(decimalText, {
  message: 'must be a decimal number written as a string, like "12.50"'
})

/** Decimals travel as strings, so a JSON number (a binary float) never stands for money or a quantity. */
export const sentAsNumber = 'send decimals as strings, e.g. "4.50"'

/** The written form of a decimal: a string; a number in its place is refused with how to send it. */
const Text = Schema.String.annotate({ message: sentAsNumber })

const fromText = (text: Schema.String, encode: (value: BigDecimal.BigDecimal) => string = format) =>
  text.pipe(
    Schema.decodeTo(
      Schema.BigDecimal,
      SchemaTransformation.transform({ decode: (written: string) => BigDecimal.fromStringUnsafe(written), encode })
    )
  )

/**
 * A decimal number, written as a plain decimal string on the wire (no exponent), of any length: for amounts Patron
 * stores or computes (totals, sums of usage, which may pass any digit bound). Inputs use `bounded`.
 */
export const Decimal = fromText(Text.check(isDecimalText))
export type Decimal = BigDecimal.BigDecimal

/** An amount of money Patron computed (a total), written at the scale it holds (`"4.50"`, `"0.00"`). */
export const Amount = fromText(Text.check(isDecimalText), formatAtScale)

/** How many digits a decimal may have before the point and after it. */
export interface Digits {
  readonly integerDigits: number
  readonly fractionDigits: number
}

/** Quantities (usage, order items) and tier thresholds. */
export const quantityDigits: Digits = { integerDigits: 18, fractionDigits: 9 }
/** Amounts of money per period (a phase's base price). */
export const amountDigits: Digits = { integerDigits: 18, fractionDigits: 9 }
/** Prices per unit (order items, tiers): 12 decimals, so tiny metered units (a byte, a token) can be priced. */
export const unitPriceDigits: Digits = { integerDigits: 18, fractionDigits: 12 }
/** Rates between 0 and 1 (tax rates). */
export const rateDigits: Digits = { integerDigits: 1, fractionDigits: 9 }

const digitCount = (count: number) => (count === 1 ? "1 digit" : `${count} digits`)

/** The digits a decimal needs before and after the point (leading and trailing zeros are free). */
export const digitsOf = (value: Decimal): Digits => {
  const normalized = BigDecimal.normalize(value)
  const written = (normalized.value < 0n ? -normalized.value : normalized.value).toString()
  if (normalized.value === 0n) return { integerDigits: 0, fractionDigits: 0 }
  return normalized.scale <= 0
    ? { integerDigits: written.length - normalized.scale, fractionDigits: 0 }
    : { integerDigits: Math.max(0, written.length - normalized.scale), fractionDigits: normalized.scale }
}

/** A decimal with at most `digits` digits before and after the point. */
export const isWithinDigits = (digits: Digits) => {
  const largest = BigDecimal.make(
    10n ** BigInt(digits.integerDigits + digits.fractionDigits) - 1n,
    digits.fractionDigits
  )
  return Schema.makeFilter(
    (value: Decimal) => {
      const used = digitsOf(value)
      return (
        (used.integerDigits <= digits.integerDigits && used.fractionDigits <= digits.fractionDigits) ||
        `must have at most ${digitCount(digits.integerDigits)} before the point and ${digits.fractionDigits} after`
      )
    },
    // Generated test values stay within the largest such decimal, as the check demands.
    { arbitraryConstraint: { order: BigDecimal.Order, minimum: BigDecimal.negate(largest), maximum: largest } }
  )
}

const boundedText = Text.check(Schema.isMaxLength(1000, { message: "must be at most 1000 characters" }), isDecimalText)

/**
 * A decimal input of at most `digits` digits before and after the point (written in at most 1,000 characters), so
 * sums and products of stored values stay exact and small: `bounded(quantityDigits)` admits
 * `"999999999999999999.999999999"` and refuses a 19-digit whole part or a 10th decimal.
 */
export const bounded = (digits: Digits) => fromText(boundedText).check(isWithinDigits(digits))

/** A money input bounded as `bounded`, written back at the scale it holds (a unit price `"4.50"` stays `"4.50"`). */
export const boundedAmount = (digits: Digits) => fromText(boundedText, formatAtScale).check(isWithinDigits(digits))

/** Zero or more. */
export const isNonNegative = Schema.isGreaterThanOrEqualToBigDecimal(BigDecimal.fromNumberUnsafe(0), {
  message: "must be 0 or more"
})

/** More than zero. */
export const isPositive = Schema.isGreaterThanBigDecimal(BigDecimal.fromNumberUnsafe(0), {
  message: "must be more than 0"
})

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
