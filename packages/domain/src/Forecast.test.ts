import { assert, describe, it } from "@effect/vitest"
import { Console, Effect, Option, Schema } from "effect"
import * as Forecast from "./Forecast.ts"

/** Seeded, roughly standard normal noise (a sum of LCG uniforms), so the synthetic series are the same on every run. */
const noise = (seed: number) => {
  let state = seed >>> 0
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296 - 0.5
  }
  return (): number => Array.from({ length: 6 }, uniform).reduce((a, b) => a + b, 0) / Math.sqrt(0.5)
}

// About four months of daily totals with a monthly period, day 0 a Monday, daily noise of `noiseLevel` (0.1 = 10 %).
const days = 122
const periodDays = 30
const series = (seed: number, noiseLevel: number, level: (day: number) => number) => {
  const next = noise(seed)
  return Array.from({ length: days }, (_, day) => Math.max(0, level(day) * (1 + noiseLevel * next())))
}
const shapes = {
  trending: (day: number) => 100 + 2.5 * day,
  weekly: (day: number) => (day % 7 < 5 ? 100 : 20)
}
const trending = series(1, 0.1, shapes.trending)
const weekly = series(2, 0.1, shapes.weekly)

const input = (overrides: Partial<Forecast.Input>): Forecast.Input => ({
  currentPeriod: [],
  history: [],
  elapsedDays: 1,
  periodDays: 30,
  firstWeekday: 0,
  ...overrides
})

/** The last `elapsed` whole days of a series as the current period, the days before as history. */
const atEndOf = (series: ReadonlyArray<number>, elapsed: number): Forecast.Input =>
  input({
    history: series.slice(0, series.length - elapsed),
    currentPeriod: series.slice(series.length - elapsed),
    elapsedDays: elapsed,
    periodDays
  })

const percent = (value: number) => `${(100 * value).toFixed(1)}%`

describe("Forecast.backtest", () => {
  // Each row: the mean over 5 seeded series of the median APE over (up to) 20 cut-offs.
  const seeds = [1, 2, 3, 4, 5]
  const rows = [0.1, 0.25].flatMap((noiseLevel) =>
    (["trending", "weekly"] as const).flatMap((shape) =>
      [5, 10, 20].map((elapsedDays) => {
        const tests = seeds.map((seed) =>
          Option.getOrThrow(
            Forecast.backtest({
              series: series(seed, noiseLevel, shapes[shape]),
              firstWeekday: 0,
              elapsedDays,
              periodDays
            })
          )
        )
        const mean = (method: Forecast.BacktestedMethod) =>
          tests.reduce((total, t) => total + t.medianApe[method], 0) / tests.length
        const origins = Math.min(...tests.map((t) => t.origins))
        return { shape, noiseLevel, elapsedDays, origins, runRate: mean("runRate"), weekdayTrend: mean("weekdayTrend") }
      })
    )
  )

  it("reports each method's median APE on four months of daily data with a monthly period", () => {
    const table = [
      "series    noise  elapsed  origins  runRate  weekdayTrend",
      ...rows.map(
        (r) =>
          `${r.shape.padEnd(9)} ${`${100 * r.noiseLevel}%`.padStart(5)}  ${`${r.elapsedDays}/${periodDays}`.padStart(7)}` +
          `  ${String(r.origins).padStart(7)}  ${percent(r.runRate).padStart(7)}  ${percent(r.weekdayTrend).padStart(12)}`
      )
    ]
    // Printed so the figures can be quoted; the default console, not the test one that @effect/vitest swallows.
    Effect.runSync(Console.log(table.join("\n")))
    for (const r of rows) assert.strictEqual(r.origins, 20)
  })

  it("beats the run rate by at least half on a trending series", () => {
    for (const r of rows.filter((r) => r.shape === "trending" && r.noiseLevel === 0.1)) {
      assert.isBelow(r.weekdayTrend, r.runRate / 2)
    }
  })

  it("beats the run rate by at least half on a weekday/weekend series", () => {
    for (const r of rows.filter((r) => r.shape === "weekly" && r.noiseLevel === 0.1)) {
      assert.isBelow(r.weekdayTrend, r.runRate / 2)
    }
  })

  it("still beats the run rate when daily noise is 25 %", () => {
    for (const r of rows.filter((r) => r.noiseLevel === 0.25)) assert.isBelow(r.weekdayTrend, r.runRate)
  })

  it("needs two weeks of usage before the cut-offs", () => {
    assert.isTrue(
      Option.isNone(Forecast.backtest({ series: trending.slice(0, 16), firstWeekday: 0, elapsedDays: 5, periodDays }))
    )
    assert.isTrue(
      Option.isNone(Forecast.backtest({ series: Array(60).fill(0), firstWeekday: 0, elapsedDays: 5, periodDays }))
    )
  })
})

describe("Forecast.runRate", () => {
  it("projects usage so far ÷ elapsed fraction of the period", () => {
    const band = Forecast.runRate(input({ currentPeriod: [10, 20, 30, 12], elapsedDays: 3.5, periodDays: 28 }))
    assert.closeTo(band.p50, (72 / 3.5) * 28, 1e-9)
  })

  it("widens the band with the spread of daily totals", () => {
    const steady = Forecast.runRate(input({ currentPeriod: [10, 10, 10, 10, 10, 10], elapsedDays: 6 }))
    const bumpy = Forecast.runRate(input({ currentPeriod: [0, 20, 0, 20, 0, 20], elapsedDays: 6 }))
    assert.strictEqual(steady.p10, steady.p90)
    assert.isAbove(bumpy.p90 - bumpy.p10, 0)
  })
})

describe("Forecast.weekdayTrend", () => {
  it("needs two weeks of usage", () => {
    assert.isTrue(Option.isNone(Forecast.weekdayTrend(atEndOf(trending.slice(0, 13), 5))))
    assert.isTrue(Option.isSome(Forecast.weekdayTrend(atEndOf(trending.slice(0, 14), 5))))
  })

  it("follows the weekly pattern into the rest of the period", () => {
    const clean = Array.from({ length: 70 }, (_, day) => (day % 7 < 5 ? 100 : 20))
    // The period started on a Tuesday (day 50); after 10 days (8 weekdays, 2 weekend days) 20 remain: 14 and 6.
    const band = Option.getOrThrow(Forecast.weekdayTrend(atEndOf(clean.slice(0, 60), 10)))
    assert.closeTo(band.p50, 8 * 100 + 2 * 20 + (14 * 100 + 6 * 20), 1)
  })

  it("counts only the rest of a partial current day", () => {
    const clean = Array.from({ length: 70 }, (_, day) => (day % 7 < 5 ? 100 : 20))
    // Half of Friday (day 60) has passed with 50 used; the other half and 19 more days (13 weekdays, 6 weekend) remain.
    const partial = input({
      history: clean.slice(0, 50),
      currentPeriod: [...clean.slice(50, 60), 50],
      elapsedDays: 10.5
    })
    const band = Option.getOrThrow(Forecast.weekdayTrend(partial))
    assert.closeTo(band.p50, 840 + 50 + (50 + 13 * 100 + 6 * 20), 1)
  })

  it("gives the same band for the same seed", () => {
    const a = Forecast.weekdayTrend({ ...atEndOf(weekly, 12), seed: 7 })
    const b = Forecast.weekdayTrend({ ...atEndOf(weekly, 12), seed: 7 })
    assert.deepStrictEqual(a, b)
  })
})

describe("Forecast.forecast", () => {
  it("projects the run rate when history is short", () => {
    const result = Forecast.forecast(input({ currentPeriod: [5, 7, 6, 8, 2], elapsedDays: 4.5, periodDays: 30 }))
    assert.strictEqual(result.method, "runRate")
    assert.isUndefined(result.backtest)
    assert.closeTo(result.quantity?.p50 ?? Number.NaN, (28 / 4.5) * 30, 1e-9)
  })

  it("reports the weekday-trend method when it backtests better", () => {
    for (const series of [trending, weekly]) {
      const result = Forecast.forecast(atEndOf(series, 12))
      assert.strictEqual(result.method, "weekdayTrend")
      assert.isDefined(result.backtest)
    }
  })

  it("keeps the run rate on a flat, noisy series when it backtests better", () => {
    const flat = series(3, 0.3, () => 100)
    const result = Forecast.forecast(atEndOf(flat, 12))
    const tested = result.backtest
    assert.isDefined(tested)
    if (tested !== undefined) {
      assert.strictEqual(
        result.method,
        tested.medianApe.weekdayTrend < tested.medianApe.runRate ? "weekdayTrend" : "runRate"
      )
    }
  })

  it("holds back a forecast of nothing used at low confidence, and gives zeros from half the period on", () => {
    const early = Forecast.forecast(atEndOf(Array(90).fill(0), 10))
    assert.strictEqual(early.confidence, "low")
    assert.isNull(early.quantity)
    assert.strictEqual(early.reason, "nothing used yet: 10 days of a 30-day period observed")
    const later = Forecast.forecast(atEndOf(Array(90).fill(0), 20))
    assert.strictEqual(later.confidence, "medium")
    assert.deepStrictEqual(later.quantity, { p10: 0, p50: 0, p90: 0 })
  })

  it("is low confidence early in the period", () => {
    assert.strictEqual(Forecast.forecast(atEndOf(weekly, 5)).confidence, "low")
    assert.strictEqual(Forecast.forecast(input({ currentPeriod: [3], elapsedDays: 0.01 })).confidence, "low")
    assert.notStrictEqual(Forecast.forecast(atEndOf(weekly, 12)).confidence, "low")
  })

  it("stays finite right after the period starts and for a one-day period", () => {
    for (const result of [
      Forecast.forecast(
        input({ currentPeriod: [4], elapsedDays: 1e-9, periodDays: 31, prior: { quantity: 90, days: 30 } })
      ),
      Forecast.forecast(input({ currentPeriod: [4], history: weekly, elapsedDays: 0.3, periodDays: 1 }))
    ]) {
      assert.isNotNull(result.quantity)
      for (const value of Object.values(result.quantity ?? {})) assert.isTrue(Number.isFinite(value) && value >= 4)
    }
  })

  it("equals usage so far once the period is over", () => {
    const result = Forecast.forecast(atEndOf(weekly.slice(0, 90), 30))
    const soFar = weekly.slice(60, 90).reduce((a, b) => a + b, 0)
    assert.deepStrictEqual(result.quantity, { p10: soFar, p50: soFar, p90: soFar })
    assert.strictEqual(result.confidence, "high")
  })

  it("is not thrown by a spike on the last day", () => {
    const spiked = [...trending.slice(0, 100), 50_000]
    const result = Forecast.forecast(atEndOf(spiked, 11))
    const soFar = spiked.slice(90).reduce((a, b) => a + b, 0)
    assert.isBelow(result.quantity?.p50 ?? Number.POSITIVE_INFINITY, soFar + 19 * 2 * 400)
  })

  const Days = Schema.Array(Schema.Finite.check(Schema.isBetween({ minimum: -10, maximum: 1000 }))).check(
    Schema.isBetweenLength(0, 60)
  )
  const Elapsed = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 31 }))
  const Prior = Schema.UndefinedOr(
    Schema.Struct({
      quantity: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 30_000 })),
      days: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 31 }))
    })
  )
  it.prop(
    "orders the band, never below usage so far, finite and not negative; strictly at low confidence or held back",
    [Days, Days, Elapsed, Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 31 })), Prior],
    ([history, current, elapsed, period, prior]) => {
      const elapsedDays = Math.min(elapsed, period)
      const currentPeriod = current.slice(0, Math.ceil(elapsedDays))
      const result = Forecast.forecast(
        input({ history, currentPeriod, elapsedDays, periodDays: period, ...(prior ? { prior } : {}) })
      )
      const soFar = currentPeriod.reduce((a, b) => a + Math.max(0, b), 0)
      const { quantity } = result
      if (quantity === null) return result.confidence === "low" && (result.reason ?? "").length > 0
      const isStrict = quantity.p10 < quantity.p50 && quantity.p50 < quantity.p90
      return (
        [quantity.p10, quantity.p50, quantity.p90].every(Number.isFinite) &&
        quantity.p10 >= 0 &&
        quantity.p10 >= soFar - 1e-9 &&
        quantity.p10 <= quantity.p50 &&
        quantity.p50 <= quantity.p90 &&
        (result.confidence !== "low" || isStrict)
      )
    }
  )
})

describe("Forecast.forecast early in a period (issue 13)", () => {
  const seconds = (count: number) => count / 86_400
  // The issue: 42 units recorded seconds after a 31-day period started were forecast as 31,248 with p10 = p50 = p90.
  const issue = input({ currentPeriod: [42], elapsedDays: seconds(30), periodDays: 31 })

  it("holds back the run rate of 42 units recorded seconds after the period started, saying why", () => {
    const result = Forecast.forecast(issue)
    assert.strictEqual(result.method, "none")
    assert.strictEqual(result.confidence, "low")
    assert.isNull(result.quantity)
    assert.strictEqual(
      result.reason,
      "too early: 30 seconds of a 31-day period observed and no previous period to go by"
    )
    assert.strictEqual(
      Forecast.forecast({ ...issue, elapsedDays: seconds(150) }).reason,
      "too early: 2 minutes of a 31-day period observed and no previous period to go by"
    )
  })

  it("leans on the previous period's total when the contract has one", () => {
    const result = Forecast.forecast({ ...issue, prior: { quantity: 3_000, days: 30 } })
    assert.strictEqual(result.method, "previousPeriod")
    assert.strictEqual(result.confidence, "low")
    assert.isUndefined(result.reason)
    const band = result.quantity ?? { p10: 0, p50: 0, p90: 0 }
    // The prior's 100 a day over 31 days, nudged up by the 42 so far counted as 7 days' worth: about 3,230.
    assert.closeTo(band.p50, 42 + ((42 + 700) / 7) * 31, 1)
    assert.isTrue(band.p10 >= 42 && band.p10 < band.p50 && band.p50 < band.p90)
    assert.isAbove(band.p90 / band.p10, 1.5)
    assert.isBelow(band.p90, 31_248 / 4)
  })

  it("lets the period's own usage outweigh the prior as days pass", () => {
    const prior = { quantity: 3_000, days: 30 }
    const steady = (elapsed: number) =>
      Forecast.forecast(input({ currentPeriod: Array(elapsed).fill(200), elapsedDays: elapsed, periodDays: 30, prior }))
    const [early, later] = [steady(2), steady(20)].map((r) => r.quantity?.p50 ?? 0)
    // At 200 a day the run rate says 6,000, the prior 3,000.
    assert.isBelow(early ?? 0, 4_500)
    assert.isAbove(later ?? 0, 5_000)
  })

  it("widens the band of a run rate after a day or two, and narrows it as days are observed", () => {
    const width = (elapsed: number) => {
      const result = Forecast.forecast(
        input({ currentPeriod: Array(elapsed).fill(100), elapsedDays: elapsed, periodDays: 30 })
      )
      assert.strictEqual(result.confidence, "low")
      const band = result.quantity ?? { p10: 0, p50: 0, p90: 0 }
      assert.isTrue(band.p10 < band.p50 && band.p50 < band.p90)
      return (band.p90 - band.p10) / band.p50
    }
    // A steady 100 a day has no spread of its own, yet two days of it do not make the month certain.
    assert.isAbove(width(2), 0.5)
    assert.isBelow(width(5), width(2))
  })

  it("names its methods in words", () => {
    assert.deepStrictEqual(
      ["runRate", "weekdayTrend", "previousPeriod", "none", "final", "paused"].map(Forecast.methodName),
      [
        "run rate",
        "weekday trend",
        "previous period and run rate",
        "none (held back)",
        "final quantity",
        "paused (no more usage)"
      ]
    )
  })
})
