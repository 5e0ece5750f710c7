/**
 * How values read on screen: money and quantities from the API's decimal strings (never through floats when it
 * can be avoided), instants and days in the reader's locale.
 */

/** A money amount from a decimal string, e.g. `"1234.5"` in NOK → "NOK 1,234.50". */
export const money = (amount: string, currency: string): string => {
  const value = Number(amount)
  if (!Number.isFinite(value)) return `${currency} ${amount}`
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency, currencyDisplay: "code" }).format(value)
  } catch {
    return `${currency} ${amount}`
  }
}

/** A quantity from a decimal string, grouped, with its decimals as given (at most `maxDecimals`, default 6). */
export const quantity = (amount: string, maxDecimals = 6): string => {
  const value = Number(amount)
  if (!Number.isFinite(value)) return amount
  const decimals = amount.includes(".") ? Math.min(maxDecimals, (amount.split(".")[1] ?? "").length) : 0
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: decimals }).format(value)
}

/** An estimate: whole units from 100 up, two decimals below. */
export const estimate = (amount: string): string => quantity(amount, Math.abs(Number(amount)) >= 100 ? 0 : 2)

/** A unit in the plural: a simple word gets an "s" ("call" → "calls"); anything else ("GB", "kWh") stays. */
export const plural = (unit: string): string => (/^[a-z]+$/.test(unit) && !unit.endsWith("s") ? `${unit}s` : unit)

/** A quantity with its unit, in the plural unless the quantity is one ("1 call", "4,850 calls"). */
export const withUnit = (formatted: string, unit: string): string =>
  `${formatted} ${formatted === "1" ? unit : plural(unit)}`

/** An instant as date and time. */
export const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })

/** An instant as date and time to the second, for logs whose entries can be seconds apart. */
export const dateTimeSeconds = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })

/** An instant or `YYYY-MM-DD` day as a date. */
export const date = (iso: string): string =>
  new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso).toLocaleDateString(undefined, {
    dateStyle: "medium",
    ...(iso.length === 10 ? { timeZone: "UTC" } : {})
  })

/** "1 order", "2 orders". */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(undefined, { type: "region" })
  } catch {
    return undefined
  }
})()

/** A country's name in the reader's language from its ISO 3166-1 code ("NO" → "Norway"); the code when unknown. */
export const countryName = (code: string): string => {
  try {
    return regionNames?.of(code.trim().toUpperCase()) ?? code
  } catch {
    return code
  }
}

/** A record's id shortened for reading: its last eight characters, the random end of the ULID ("…7XK2M9QP"). */
export const shortId = (id: string): string => `…${id.slice(-8)}`
