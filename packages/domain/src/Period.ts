/**
 * Billing periods (PRODUCT.md §4): half-open spans `[start, end)` laid out from an anchor instant in steps of
 * `period × unit`. Every boundary is computed from the anchor by a multiple, never by stepping from the previous
 * boundary, so month-end anchors clamp and recover: Jan 31 + 1 month = Feb 28 (29 in leap years), + 2 months = Mar 31.
 * All arithmetic is in UTC, where every day is 86,400,000 ms.
 */
import { DateTime, Schema } from "effect"

/** The calendar unit a period is counted in; a week is 7 days, months and years clamp to the month's last day. */
export const Unit = Schema.Literals(["day", "week", "month", "year"]).annotate({
  message: "must be one of day, week, month, year"
})
export type Unit = typeof Unit.Type

/** A half-open span of time `[start, end)`. */
export const Period = Schema.Struct({
  start: Schema.DateTimeUtcFromString,
  end: Schema.DateTimeUtcFromString
})
export type Period = typeof Period.Type

/** The length of one period: `period` units. A contract phase has exactly these two fields. */
export interface Length {
  readonly period: number
  readonly unit: Unit
}

const dayMillis = 86_400_000

/** The anchor moved by `count` units (negative goes back), clamped to the last day of a shorter month. */
export const addPeriod = (anchor: DateTime.Utc, count: number, unit: Unit): DateTime.Utc => {
  switch (unit) {
    case "day":
      return DateTime.add(anchor, { days: count })
    case "week":
      return DateTime.add(anchor, { weeks: count })
    case "month":
      return DateTime.add(anchor, { months: count })
    case "year":
      return DateTime.add(anchor, { years: count })
  }
}

/** The start of period number `index` (0 starts at the anchor; negative indexes lie before it). */
export const boundary = (anchor: DateTime.Utc, length: Length, index: number): DateTime.Utc =>
  addPeriod(anchor, index * length.period, length.unit)

const monthsBetween = (from: DateTime.Utc, to: DateTime.Utc): number => {
  const a = DateTime.toPartsUtc(from)
  const b = DateTime.toPartsUtc(to)
  return (b.year - a.year) * 12 + (b.month - a.month)
}

/** A first guess at the index of the period holding `instant`, off by at most one; `indexAt` corrects it. */
const estimateIndex = (anchor: DateTime.Utc, length: Length, instant: DateTime.Utc): number => {
  const elapsedMillis = DateTime.toEpochMillis(instant) - DateTime.toEpochMillis(anchor)
  switch (length.unit) {
    case "day":
      return Math.floor(elapsedMillis / (length.period * dayMillis))
    case "week":
      return Math.floor(elapsedMillis / (length.period * 7 * dayMillis))
    case "month":
      return Math.floor(monthsBetween(anchor, instant) / length.period)
    case "year":
      return Math.floor(monthsBetween(anchor, instant) / (12 * length.period))
  }
}

/** The index of the period holding `instant`: the largest `i` whose boundary is at or before it. Constant time. */
export const indexAt = (anchor: DateTime.Utc, length: Length, instant: DateTime.Utc): number => {
  const at = DateTime.toEpochMillis(instant)
  let index = estimateIndex(anchor, length, instant)
  while (DateTime.toEpochMillis(boundary(anchor, length, index)) > at) index--
  while (DateTime.toEpochMillis(boundary(anchor, length, index + 1)) <= at) index++
  return index
}

/** Period number `index` counted from the anchor. */
export const nth = (anchor: DateTime.Utc, length: Length, index: number): Period => ({
  start: boundary(anchor, length, index),
  end: boundary(anchor, length, index + 1)
})

/** The period holding `now`: `start ≤ now < end`. Before the anchor it is one of the periods laid out backwards. */
export const currentPeriod = (anchor: DateTime.Utc, length: Length, now: DateTime.Utc): Period =>
  nth(anchor, length, indexAt(anchor, length, now))

/** The period just before the one holding `now`. */
export const previousPeriod = (anchor: DateTime.Utc, length: Length, now: DateTime.Utc): Period =>
  nth(anchor, length, indexAt(anchor, length, now) - 1)

/** Whether an instant lies inside a period (start inclusive, end exclusive). */
export const contains = (period: Period, instant: DateTime.Utc): boolean =>
  DateTime.isLessThanOrEqualTo(period.start, instant) && DateTime.isLessThan(instant, period.end)
