/**
 * The points a usage chart draws: each day's usage, the running total at the end of each day, and the forecast band
 * from the last measured total to the period end (p10 to p90, with p50 in between).
 */
import type { UsageSummary, VariableSummary } from "../api/Api.ts"

const dayMillis = 86_400_000

export interface DayUsage {
  /** Start of the day (UTC). */
  readonly at: Date
  readonly quantity: number
}

export interface CumulativePoint {
  /** End of the day, or now for today. */
  readonly at: Date
  readonly total: number
}

export interface ForecastPoint {
  readonly at: Date
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

export interface UsageSeries {
  readonly start: Date
  readonly end: Date
  readonly days: ReadonlyArray<DayUsage>
  readonly cumulative: ReadonlyArray<CumulativePoint>
  /** Empty when the period is over (the forecast is the final quantity) or the forecast is held back. */
  readonly forecast: ReadonlyArray<ForecastPoint>
  readonly maxTotal: number
  readonly maxDay: number
}

/** The series of one metered variable in a period, as of `now`. */
export const usageSeries = (
  period: UsageSummary["period"],
  variable: Pick<VariableSummary, "daily" | "forecast">,
  now: Date
): UsageSeries => {
  const start = new Date(period.start)
  const end = new Date(period.end)
  const days = variable.daily
    .map((day) => ({ at: new Date(`${day.day}T00:00:00Z`), quantity: Number(day.quantity) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
  const measuredUntil = new Date(Math.min(now.getTime(), end.getTime()))
  let total = 0
  const cumulative: Array<CumulativePoint> = [{ at: start, total: 0 }]
  for (const day of days) {
    total += day.quantity
    const dayEnd = Math.min(day.at.getTime() + dayMillis, measuredUntil.getTime())
    cumulative.push({ at: new Date(Math.max(dayEnd, start.getTime())), total })
  }
  const last = cumulative.at(-1) ?? { at: start, total: 0 }
  const band = variable.forecast.quantity
  const isOpen = measuredUntil.getTime() < end.getTime()
  const forecast: Array<ForecastPoint> =
    isOpen && band !== null
      ? [
          { at: last.at, p10: last.total, p50: last.total, p90: last.total },
          { at: end, p10: Number(band.p10), p50: Number(band.p50), p90: Number(band.p90) }
        ]
      : []
  return {
    start,
    end,
    days,
    cumulative,
    forecast,
    maxTotal: Math.max(total, ...forecast.map((point) => point.p90), 1),
    maxDay: Math.max(...days.map((day) => day.quantity), 1)
  }
}
