/**
 * How a forecast stays honest when it has little to go on (Patron issue 13: 42 units recorded seconds after a period
 * started were forecast as 31,248 with p10 = p50 = p90). `Forecast.forecast` applies these rules:
 *
 * 1. A period that is over is its usage so far (`high`).
 * 2. The weekday trend, when it backtests better than the run rate, is kept as it is.
 * 3. With a prior (the previous period's total of the variable), the rest of the period is forecast at a blended
 *    daily rate: the previous period's daily rate counts as `priorWeightDays` days of usage next to the current
 *    period's own, so seconds into a period the forecast is about the previous period and after a few weeks about the
 *    run rate. Its band is log-normal, mixing the spread of the run rate with `priorSpread`. (`UsageSummary` takes the
 *    prior from the contract's period just before, when that lies within the history it reads and meters the
 *    variable; confidence keeps its rules, so a forecast leaning on the prior early in a period is still `low`.)
 * 4. Without a prior, a run rate is not extrapolated from under `minRunRateDays` of the period: the figure is held
 *    back with the reason (`too early: 2 minutes of a 31-day period observed and no previous period to go by`).
 * 5. At `low` confidence a band is at least as wide as a log-normal band of the rest of the period whose spread
 *    shrinks with the days observed and the days left, taking daily totals to vary by at least `minDailyVariation`.
 * 6. At `low` confidence the band is strictly ordered (p10 < p50 < p90) or it is held back: with nothing used and no
 *    prior there is no scale to draw a band on (`nothing used yet: 3 days of a 30-day period observed`).
 * Bands are rounded to 4 decimals by the summary, so a rest of the period under 0.0001 units may still read flat there.
 * Pure.
 */
import type { Band } from "./Forecast.ts"
import { finite } from "./ForecastTrend.ts"

/** The variable's usage in the previous period of the contract: its total and the period's length in days. */
export interface Prior {
  readonly quantity: number
  readonly days: number
}

/** The previous period's daily rate weighs as much as this many days of the current period's own usage. */
export const priorWeightDays = 7
/** Log-spread of a period's daily rate around the previous period's: p10–p90 ≈ ×0.64–×1.57. An assumption, not a fit. */
export const priorSpread = 0.35
/** Below a day observed, usage so far tells nothing of the day's pattern (a batch at midnight, office hours). */
export const minRunRateDays = 1
/** At low confidence daily totals are taken to vary by at least half their mean until enough days show otherwise. */
export const minDailyVariation = 0.5
const z90 = 1.2815515655446004

/** A usable prior: finite, not negative, over a period of at least a day. */
export const usablePrior = (prior: Prior | undefined): Prior | undefined =>
  prior !== undefined && Number.isFinite(prior.quantity) && prior.quantity >= 0 && finite(prior.days) >= 1
    ? prior
    : undefined

/** The daily rate of the rest of the period: usage so far plus the prior's rate over `priorWeightDays` days. */
export const blendedRate = (soFar: number, elapsed: number, prior: Prior): number =>
  (soFar + (priorWeightDays * prior.quantity) / prior.days) / (Math.max(0, elapsed) + priorWeightDays)

/** Log-spread of the rest at the run rate: daily `variation` over the days observed and over the days left. */
export const runRateSpread = (variation: number, elapsed: number, remaining: number): number =>
  variation * Math.sqrt(1 / Math.max(elapsed, minRunRateDays) + 1 / Math.max(remaining, 1))

/** Log-spread of the blended rate: the run rate's and the prior's, weighted as in `blendedRate`. */
export const blendedSpread = (runSpread: number, elapsed: number): number => {
  const own = Math.max(0, elapsed) / (Math.max(0, elapsed) + priorWeightDays)
  return Math.sqrt((own * runSpread) ** 2 + ((1 - own) * priorSpread) ** 2)
}

/** Usage so far plus a log-normal band of the rest with median `ahead`: skewed up, never below usage so far. */
export const logNormal = (soFar: number, ahead: number, spread: number): Band => {
  const rest = Math.max(0, finite(ahead))
  return {
    p10: soFar + rest * Math.exp(-z90 * spread),
    p50: soFar + rest,
    p90: soFar + rest * Math.exp(z90 * spread)
  }
}

/** The wider of two bands around the first one's median. */
export const widen = (band: Band, floor: Band): Band => ({
  p10: Math.min(band.p10, floor.p10),
  p50: band.p50,
  p90: Math.max(band.p90, floor.p90)
})

/** Whether p10 < p50 < p90. */
export const isStrict = (band: Band): boolean => band.p10 < band.p50 && band.p50 < band.p90

const counted = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`

/** A span of days in the largest whole unit: `40 seconds`, `2 minutes`, `5 hours`, `3 days`. */
export const durationInWords = (days: number): string => {
  const seconds = Math.max(0, finite(days)) * 86_400
  if (seconds < 60) return counted(Math.floor(seconds), "second")
  if (seconds < 3_600) return counted(Math.floor(seconds / 60), "minute")
  if (seconds < 86_400) return counted(Math.floor(seconds / 3_600), "hour")
  return counted(Math.floor(seconds / 86_400), "day")
}

const observed = (elapsed: number, periodDays: number) =>
  `${durationInWords(elapsed)} of a ${Number(periodDays.toFixed(1))}-day period observed`

/** Why a run rate is held back early in a period without a prior. */
export const tooEarly = (elapsed: number, periodDays: number): string =>
  `too early: ${observed(elapsed, periodDays)} and no previous period to go by`

/** Why a band is held back when nothing gives it a spread: nothing used yet, or no more usage foreseen. */
export const noSpread = (soFar: number, elapsed: number, periodDays: number): string =>
  soFar > 0
    ? `no more usage foreseen, but on too little to go by: ${observed(elapsed, periodDays)}`
    : `nothing used yet: ${observed(elapsed, periodDays)}`
