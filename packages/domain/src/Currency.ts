/**
 * Currencies as ISO 4217 codes, and the number of minor-unit digits money is rounded to in each.
 */
import { Schema } from "effect"

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
