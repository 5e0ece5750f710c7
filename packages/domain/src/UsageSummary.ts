/**
 * The usage summary of a contract's period (API.md `UsageSummary`): per metered variable the quantity, its tier
 * breakdown and price, and a forecast of quantity and price at period end; the phase's base price and the total.
 * Money is written as `Currency` says: prices and totals at the minor unit, unit prices and line amounts with at
 * least its digits.
 */
import { BigDecimal, type DateTime, Schema } from "effect"
import * as Currency from "./Currency.ts"
import * as Decimal from "./Decimal.ts"
import * as Forecast from "./Forecast.ts"
import * as Ids from "./Ids.ts"
import * as Instant from "./Instant.ts"
import * as Pricing from "./Pricing.ts"
import type { DailyTotal } from "./ports/UsageRepository.ts"

const dayMillis = 86_400_000

/** Low, middle and high estimates. */
export const Band = Schema.Struct({ p10: Decimal.Decimal, p50: Decimal.Decimal, p90: Decimal.Decimal })
export type Band = typeof Band.Type

/** Low, middle and high estimates of an amount of money. */
export const AmountBand = Schema.Struct({ p10: Decimal.Amount, p50: Decimal.Amount, p90: Decimal.Amount })

const TierLine = Schema.Struct({
  threshold: Decimal.Decimal,
  unitPrice: Decimal.Amount,
  quantity: Decimal.Decimal,
  amount: Decimal.Amount
})

/** One metered variable's usage in the period. */
export const VariableSummary = Schema.Struct({
  identifier: Schema.String,
  name: Schema.String,
  unit: Schema.String,
  tierType: Pricing.TierType,
  quantity: Decimal.Decimal,
  price: Decimal.Amount,
  tiers: Schema.Array(TierLine),
  daily: Schema.Array(Schema.Struct({ day: Schema.String, quantity: Decimal.Decimal })),
  // `quantity` and `price` are null when the forecast is held back, and `reason` says why (`Forecast.forecast`).
  forecast: Schema.Struct({
    method: Schema.String,
    methodName: Schema.String,
    confidence: Schema.Literals(["low", "medium", "high"]),
    quantity: Schema.NullOr(Band),
    price: Schema.NullOr(AmountBand),
    reason: Schema.optionalKey(Schema.String)
  })
})
export type VariableSummary = typeof VariableSummary.Type

/** The summary of one period of a contract. */
export const UsageSummary = Schema.Struct({
  contractId: Schema.String,
  currency: Schema.String,
  period: Schema.Struct({ start: Schema.DateTimeUtcFromString, end: Schema.DateTimeUtcFromString }),
  basePrice: Decimal.Amount,
  variables: Schema.Array(VariableSummary),
  total: Decimal.Amount,
  // Null, with the reason, while the forecast of any variable is held back.
  forecast: Schema.Struct({ total: Schema.NullOr(AmountBand), reason: Schema.optionalKey(Schema.String) })
})
export type UsageSummary = typeof UsageSummary.Type

/** Which period to summarize: the current one (default), the previous one, or any range. */
export const PeriodChoice = Schema.Union([
  Schema.Literals(["current", "previous"]),
  Schema.Struct({ start: Instant.Instant, end: Instant.Instant }).check(
    Schema.makeFilter(
      (range: { start: DateTime.Utc; end: DateTime.Utc }) =>
        range.start.epochMilliseconds < range.end.epochMilliseconds || "start must be before end"
    )
  )
])
export type PeriodChoice = typeof PeriodChoice.Type

/** The input of `usage.summary`. */
export const SummaryInput = Schema.Struct({
  contractId: Schema.String.check(Ids.isId("subscriptionContract")),
  period: Schema.optionalKey(PeriodChoice)
})
export type SummaryInput = typeof SummaryInput.Type

/** The metered variable as the contract's phase defines it. */
export interface MeteredVariable {
  readonly identifier: string
  readonly name: string
  readonly unit: string
  readonly tierType: Pricing.TierType
  readonly tiers: ReadonlyArray<Pricing.Tier>
}

/** What a summary is made from. */
export interface Input {
  readonly contractId: string
  readonly currency: string
  readonly basePrice: Decimal.Decimal
  readonly meteredVariables: ReadonlyArray<MeteredVariable>
  readonly period: { readonly start: DateTime.Utc; readonly end: DateTime.Utc }
  /** Day totals from `historyStart` (a whole number of days before the period start) to the period end. */
  readonly dailyTotals: ReadonlyArray<DailyTotal>
  readonly historyStart: DateTime.Utc
  readonly now: DateTime.Utc
  /** When the contract stops taking usage (its `activeUntil`), if it does. */
  readonly activeUntil?: DateTime.Utc
  /** Whether the contract is paused: it takes no usage until resumed, so nothing more is projected. */
  readonly isPaused?: boolean
  /** When the contract started taking usage: days before it are no history (not days of zero usage). */
  readonly activeFrom?: DateTime.Utc
  /**
   * The contract's period just before this one and the variables metered in it: their totals there, when the period
   * lies within the history, are the forecast's prior.
   */
  readonly previousPeriod?: {
    readonly start: DateTime.Utc
    readonly end: DateTime.Utc
    readonly meteredVariables: ReadonlyArray<string>
  }
}

/** How many days of history before a period the forecast looks at. */
export const historyDays = 120

const toDecimal = (value: number): Decimal.Decimal =>
  BigDecimal.normalize(Decimal.round(Decimal.of(value.toFixed(6)), 4))

/** Prices of the band's quantities, rounded to the currency's minor unit (volume pricing need not be monotone). */
const priceBand = (variable: MeteredVariable, quantity: Band, currency: string): Band => {
  const prices = [quantity.p10, quantity.p50, quantity.p90]
    .map((q) => Currency.amount(Pricing.price(variable.tierType, variable.tiers, q).price, currency))
    .sort(BigDecimal.Order)
  return { p10: prices[0] as Decimal.Decimal, p50: prices[1] as Decimal.Decimal, p90: prices[2] as Decimal.Decimal }
}

const isoDay = (millis: number) => new globalThis.Date(millis).toISOString().slice(0, 10)

/** The variable's total in the previous period, when that period ends where this one starts and lies in the history. */
const priorOf = (
  input: Input,
  identifier: string,
  days: ReadonlyArray<DailyTotal>
): Forecast.Input["prior"] | undefined => {
  const previous = input.previousPeriod
  if (previous === undefined || !previous.meteredVariables.includes(identifier)) return undefined
  const history = input.historyStart.epochMilliseconds
  const first = Math.round((previous.start.epochMilliseconds - history) / dayMillis)
  const end = Math.round((previous.end.epochMilliseconds - history) / dayMillis)
  if (previous.end.epochMilliseconds !== input.period.start.epochMilliseconds || first < 0 || end <= first) {
    return undefined
  }
  const inPrevious = days.filter((d) => d.dayIndex >= first && d.dayIndex < end)
  return { quantity: BigDecimal.toNumberUnsafe(Decimal.sum(inPrevious.map((d) => d.quantity))), days: end - first }
}

/** Summarizes a period: prices what was used and forecasts the period end from the contract's own history. */
export const summarize = (input: Input): UsageSummary => {
  const startMillis = input.period.start.epochMilliseconds
  // Usage stops at the period end, or earlier when the contract ends inside the period.
  const endMillis = Math.max(
    startMillis,
    Math.min(input.period.end.epochMilliseconds, input.activeUntil?.epochMilliseconds ?? Number.POSITIVE_INFINITY)
  )
  const offset = Math.round((startMillis - input.historyStart.epochMilliseconds) / dayMillis)
  const periodDays = Math.max(1, Math.ceil((endMillis - startMillis) / dayMillis))
  const elapsedDays = Math.min(periodDays, Math.max(0, (input.now.epochMilliseconds - startMillis) / dayMillis))
  const isClosed = input.now.epochMilliseconds >= endMillis || input.isPaused === true
  // History starts when the contract started taking usage: the days before it would read as days of zero usage.
  const activeIndex = Math.min(
    offset,
    Math.max(
      0,
      Math.floor(
        ((input.activeFrom ?? input.historyStart).epochMilliseconds - input.historyStart.epochMilliseconds) / dayMillis
      )
    )
  )
  const historyMillis = input.historyStart.epochMilliseconds + activeIndex * dayMillis

  const variables = input.meteredVariables.map((variable): VariableSummary => {
    const days = input.dailyTotals.filter((d) => d.meteredVariable === variable.identifier)
    const inPeriod = days.filter((d) => d.dayIndex >= offset)
    const quantity = Decimal.sum(inPeriod.map((d) => d.quantity))
    const priced = Pricing.price(variable.tierType, variable.tiers, quantity)
    const lines = priced.tiers.map((line) => ({
      ...line,
      unitPrice: Currency.unitPrice(line.unitPrice, input.currency),
      amount: Currency.unitPrice(line.amount, input.currency)
    }))
    // Through the current day, even when now is exactly at its start: a record of this instant counts as used so far.
    const series = Array.from({ length: offset + Math.min(periodDays, Math.floor(elapsedDays) + 1) }, () => 0)
    for (const day of days)
      if (day.dayIndex < series.length) series[day.dayIndex] = BigDecimal.toNumberUnsafe(day.quantity)
    const forecast = isClosed
      ? {
          method: input.isPaused === true ? "paused" : "final",
          confidence: "high" as const,
          quantity: { p10: quantity, p50: quantity, p90: quantity }
        }
      : (() => {
          const prior = priorOf(input, variable.identifier, days)
          const result = Forecast.forecast({
            history: series.slice(activeIndex, offset),
            currentPeriod: series.slice(offset),
            elapsedDays,
            periodDays,
            firstWeekday: (new globalThis.Date(historyMillis).getUTCDay() + 6) % 7,
            ...(prior === undefined ? {} : { prior })
          })
          const atLeastUsed = (value: number) => BigDecimal.max(quantity, toDecimal(value))
          const band = result.quantity
          return {
            method: result.method,
            confidence: result.confidence,
            quantity:
              band === null
                ? null
                : { p10: atLeastUsed(band.p10), p50: atLeastUsed(band.p50), p90: atLeastUsed(band.p90) },
            ...(result.reason === undefined ? {} : { reason: result.reason })
          }
        })()
    return {
      identifier: variable.identifier,
      name: variable.name,
      unit: variable.unit,
      tierType: variable.tierType,
      quantity,
      // What the variable costs, rounded as an order line is; the total adds these.
      price: Currency.amount(priced.price, input.currency),
      tiers: lines,
      daily: inPeriod.map((d) => ({
        day: isoDay(startMillis + (d.dayIndex - offset) * dayMillis),
        quantity: d.quantity
      })),
      forecast: {
        method: forecast.method,
        methodName: Forecast.methodName(forecast.method),
        confidence: forecast.confidence,
        quantity: forecast.quantity,
        price: forecast.quantity === null ? null : priceBand(variable, forecast.quantity, input.currency),
        ...("reason" in forecast && forecast.reason !== undefined ? { reason: forecast.reason } : {})
      }
    }
  })

  const prices = variables.flatMap((v) => (v.forecast.price === null ? [] : [v.forecast.price]))
  const heldBack = variables.filter((v) => v.forecast.price === null).map((v) => v.name)
  const sumBand = (pick: (band: Band) => Decimal.Decimal) =>
    Currency.amount(BigDecimal.sum(input.basePrice, Decimal.sum(prices.map(pick))), input.currency)
  const forecastTotal =
    heldBack.length > 0
      ? {
          total: null,
          reason: `the forecast of ${heldBack.join(", ")} ${heldBack.length === 1 ? "is" : "are"} held back`
        }
      : { total: { p10: sumBand((b) => b.p10), p50: sumBand((b) => b.p50), p90: sumBand((b) => b.p90) } }
  return {
    contractId: input.contractId,
    currency: input.currency,
    period: input.period,
    basePrice: Currency.amount(input.basePrice, input.currency),
    variables,
    total: Currency.amount(BigDecimal.sum(input.basePrice, Decimal.sum(variables.map((v) => v.price))), input.currency),
    forecast: forecastTotal
  }
}

/** The summary as JSON, exactly as the API returns it. */
const encodeUsageSummary = Schema.encodeSync(UsageSummary)
export const toJson = (value: typeof UsageSummary.Type): typeof UsageSummary.Encoded => encodeUsageSummary(value)
