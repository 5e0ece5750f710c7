/**
 * Currencies as ISO 4217 codes, and the number of minor-unit digits money is rounded to in each.
 *
 * Money on the wire (issue 13): an amount (an order's totals, a usage summary's prices and totals) is written with
 * exactly the currency's minor-unit digits (`"4.50"` and `"0.00"` in EUR, `"450"` in JPY, `"4.500"` in KWD); a price
 * that is given (an order item's or a tier's unit price, a phase's base price) and a tier line's amount keep their
 * digits, with at least the minor unit's (`"4.5"` → `"4.50"`, `"0.0001"` stays), as metered units are often priced
 * below a cent.
 */
import { BigDecimal, Schema } from "effect"

/** A currency code: three upper case letters (`NOK`, `EUR`, `USD`). */
export const CurrencyCode = Schema.String.check(
  Schema.isPattern(/^[A-Z]{3}$/, { message: "must be an ISO 4217 currency code, like EUR or NOK" })
)
export type CurrencyCode = typeof CurrencyCode.Type

const zeroDigit = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF"
])
const threeDigit = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"])

/** Digits after the point of the currency's minor unit (2 unless ISO 4217 says otherwise). */
export const minorUnitDigits = (currency: string): number =>
  zeroDigit.has(currency) ? 0 : threeDigit.has(currency) ? 3 : 2

/** An amount at the currency's minor unit: rounded half away from zero to its digits, and written with all of them. */
export const amount = (value: BigDecimal.BigDecimal, currency: string): BigDecimal.BigDecimal => {
  const digits = minorUnitDigits(currency)
  return BigDecimal.scale(BigDecimal.round(value, { scale: digits, mode: "half-from-zero" }), digits)
}

/** A price as given, written with at least the currency's minor-unit digits (zeros past them dropped). */
export const unitPrice = (value: BigDecimal.BigDecimal, currency: string): BigDecimal.BigDecimal => {
  const normalized = BigDecimal.normalize(value)
  return BigDecimal.scale(normalized, Math.max(normalized.scale, minorUnitDigits(currency)))
}
