import { assert, describe, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import * as Period from "./Period.ts"

const at = (iso: string) => DateTime.makeUnsafe(iso)
const iso = (instant: DateTime.Utc) => DateTime.formatIso(instant)
const bounds = (period: Period.Period) => [iso(period.start), iso(period.end)]
const monthly: Period.Length = { period: 1, unit: "month" }

describe("Period.addPeriod", () => {
  it("clamps a month-end anchor to the last day of a shorter month and recovers after it", () => {
    const jan31 = at("2027-01-31T10:00:00Z")
    assert.strictEqual(iso(Period.addPeriod(jan31, 1, "month")), "2027-02-28T10:00:00.000Z")
    assert.strictEqual(iso(Period.addPeriod(jan31, 2, "month")), "2027-03-31T10:00:00.000Z")
    assert.strictEqual(iso(Period.addPeriod(jan31, 3, "month")), "2027-04-30T10:00:00.000Z")
  })

  it("lands on February 29 in a leap year", () => {
    assert.strictEqual(iso(Period.addPeriod(at("2028-01-31T00:00:00Z"), 1, "month")), "2028-02-29T00:00:00.000Z")
  })

  it("takes a year from February 29 to February 28, and back to the 29th four years on", () => {
    const leapDay = at("2028-02-29T00:00:00Z")
    assert.strictEqual(iso(Period.addPeriod(leapDay, 1, "year")), "2029-02-28T00:00:00.000Z")
    assert.strictEqual(iso(Period.addPeriod(leapDay, 4, "year")), "2032-02-29T00:00:00.000Z")
  })

  it("counts a week as 7 days and keeps the time of day", () => {
    assert.strictEqual(iso(Period.addPeriod(at("2026-12-29T23:30:00Z"), 1, "week")), "2027-01-05T23:30:00.000Z")
    assert.strictEqual(iso(Period.addPeriod(at("2028-02-28T08:00:00Z"), 1, "day")), "2028-02-29T08:00:00.000Z")
  })

  it("goes back for a negative count", () => {
    assert.strictEqual(iso(Period.addPeriod(at("2027-03-31T00:00:00Z"), -1, "month")), "2027-02-28T00:00:00.000Z")
  })
})

describe("Period.currentPeriod", () => {
  const jan31 = at("2027-01-31T00:00:00Z")

  it("lays out month-end periods from the anchor: Jan 31 → Feb 28 → Mar 31", () => {
    assert.deepStrictEqual(bounds(Period.currentPeriod(jan31, monthly, at("2027-02-15T00:00:00Z"))), [
      "2027-01-31T00:00:00.000Z",
      "2027-02-28T00:00:00.000Z"
    ])
    assert.deepStrictEqual(bounds(Period.currentPeriod(jan31, monthly, at("2027-03-30T00:00:00Z"))), [
      "2027-02-28T00:00:00.000Z",
      "2027-03-31T00:00:00.000Z"
    ])
  })

  it("puts an instant exactly on a boundary in the period that starts there", () => {
    assert.deepStrictEqual(bounds(Period.currentPeriod(jan31, monthly, at("2027-02-28T00:00:00Z"))), [
      "2027-02-28T00:00:00.000Z",
      "2027-03-31T00:00:00.000Z"
    ])
    assert.deepStrictEqual(bounds(Period.currentPeriod(jan31, monthly, jan31)), [
      "2027-01-31T00:00:00.000Z",
      "2027-02-28T00:00:00.000Z"
    ])
  })

  it("keeps the end exclusive: a millisecond before the boundary is still the earlier period", () => {
    const period = Period.currentPeriod(jan31, monthly, at("2027-02-27T23:59:59.999Z"))
    assert.strictEqual(iso(period.end), "2027-02-28T00:00:00.000Z")
  })

  it("counts multi-unit periods from the anchor", () => {
    const quarterly = Period.currentPeriod(jan31, { period: 3, unit: "month" }, at("2027-06-01T00:00:00Z"))
    assert.deepStrictEqual(bounds(quarterly), ["2027-04-30T00:00:00.000Z", "2027-07-31T00:00:00.000Z"])
    const fortnightly = Period.currentPeriod(
      at("2026-01-05T00:00:00Z"),
      { period: 2, unit: "week" },
      at("2026-01-20T00:00:00Z")
    )
    assert.deepStrictEqual(bounds(fortnightly), ["2026-01-19T00:00:00.000Z", "2026-02-02T00:00:00.000Z"])
    const daily = Period.currentPeriod(
      at("2026-01-05T06:00:00Z"),
      { period: 1, unit: "day" },
      at("2026-01-07T05:59:59Z")
    )
    assert.deepStrictEqual(bounds(daily), ["2026-01-06T06:00:00.000Z", "2026-01-07T06:00:00.000Z"])
  })

  it("handles yearly periods from February 29", () => {
    const period = Period.currentPeriod(
      at("2028-02-29T00:00:00Z"),
      { period: 1, unit: "year" },
      at("2029-12-01T00:00:00Z")
    )
    assert.deepStrictEqual(bounds(period), ["2029-02-28T00:00:00.000Z", "2030-02-28T00:00:00.000Z"])
  })

  it("finds the period of an anchor decades in the past without walking from it", () => {
    const now = at("2026-11-24T12:00:00Z")
    assert.deepStrictEqual(bounds(Period.currentPeriod(at("1990-01-31T00:00:00Z"), monthly, now)), [
      "2026-10-31T00:00:00.000Z",
      "2026-11-30T00:00:00.000Z"
    ])
    assert.deepStrictEqual(bounds(Period.currentPeriod(at("1970-01-01T12:00:00Z"), { period: 3, unit: "day" }, now)), [
      "2026-11-24T12:00:00.000Z",
      "2026-11-27T12:00:00.000Z"
    ])
    assert.strictEqual(Period.indexAt(at("1970-01-01T00:00:00Z"), { period: 1, unit: "day" }, now), 20_781)
    assert.strictEqual(Period.indexAt(at("1970-01-01T12:00:00Z"), { period: 3, unit: "day" }, now), 6_927)
  })

  it("lays periods out backwards before the anchor", () => {
    assert.deepStrictEqual(
      bounds(Period.currentPeriod(at("2027-03-31T00:00:00Z"), monthly, at("2027-03-01T00:00:00Z"))),
      ["2027-02-28T00:00:00.000Z", "2027-03-31T00:00:00.000Z"]
    )
  })
})

describe("Period.previousPeriod", () => {
  it("is the period that ends where the current one starts", () => {
    const previous = Period.previousPeriod(at("2027-01-31T00:00:00Z"), monthly, at("2027-03-05T00:00:00Z"))
    assert.deepStrictEqual(bounds(previous), ["2027-01-31T00:00:00.000Z", "2027-02-28T00:00:00.000Z"])
  })
})

const Millis = Schema.Int.check(Schema.isBetween({ minimum: Date.UTC(1950, 0, 1), maximum: Date.UTC(2150, 0, 1) }))
const Length = Schema.Struct({
  period: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 36 })),
  unit: Period.Unit
})

/** Reference: walk period by period from the anchor; slow, but obviously right. */
const walkedIndex = (anchor: DateTime.Utc, length: Period.Length, instant: DateTime.Utc) => {
  let index = 0
  while (DateTime.isGreaterThan(Period.boundary(anchor, length, index), instant)) index--
  while (DateTime.isLessThanOrEqualTo(Period.boundary(anchor, length, index + 1), instant)) index++
  return index
}

describe("Period properties", () => {
  it.prop(
    "now always lies in [start, end) of the current period",
    [Millis, Millis, Length],
    ([anchor, now, length]) => {
      const period = Period.currentPeriod(DateTime.makeUnsafe(anchor), length, DateTime.makeUnsafe(now))
      assert.isTrue(Period.contains(period, DateTime.makeUnsafe(now)))
    }
  )

  it.prop(
    "the previous period ends where the current one starts",
    [Millis, Millis, Length],
    ([anchor, now, length]) => {
      const a = DateTime.makeUnsafe(anchor)
      const n = DateTime.makeUnsafe(now)
      assert.strictEqual(iso(Period.previousPeriod(a, length, n).end), iso(Period.currentPeriod(a, length, n).start))
    }
  )

  it.prop(
    "finds the same period as walking from the anchor",
    [Millis, Schema.Int.check(Schema.isBetween({ minimum: -3_000_000_000, maximum: 3_000_000_000 })), Length],
    ([anchor, offset, length]) => {
      const a = DateTime.makeUnsafe(anchor)
      const instant = DateTime.makeUnsafe(anchor + offset * 10)
      assert.strictEqual(Period.indexAt(a, length, instant), walkedIndex(a, length, instant))
    }
  )
})
