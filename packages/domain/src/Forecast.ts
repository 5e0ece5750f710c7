/**
 * End-of-period forecast of one metered variable (PRODUCT.md §4): the quantity used so far plus a forecast of the rest
 * of the period, with a p10/p50/p90 band. Two methods: `runRate`, the baseline (so far ÷ elapsed fraction), and
 * `weekdayTrend`, a robust weighted least-squares fit of a linear trend plus weekday effects on the contract's recent
 * daily totals, whose band comes from a seeded residual bootstrap (`ForecastTrend.ts`). `forecast` backtests both on
 * the contract's own series and uses the one with the lower median absolute percentage error; with the previous
 * period's total as a prior the run rate is blended with it (`previousPeriod`), and early in a period or on little
 * data the band is widened or the figure held back with a reason (the rules are in `ForecastCaution.ts`). Pure: the
 * only randomness is a PRNG seeded from the input.
 */
import { Option } from "effect"
import * as ForecastCaution from "./ForecastCaution.ts"
import * as ForecastTrend from "./ForecastTrend.ts"
import { at, finite, sum } from "./ForecastTrend.ts"

/** The methods the backtest compares. */
export type BacktestedMethod = "runRate" | "weekdayTrend"

/** How the forecast was made; `none` when the figure is held back. */
export type Method = BacktestedMethod | "previousPeriod" | "none"

/** How the summary's methods read to people: the forecast's own, and `final` and `paused` once nothing is left. */
const methodNames: { readonly [method: string]: string } = {
  runRate: "run rate",
  weekdayTrend: "weekday trend",
  previousPeriod: "previous period and run rate",
  none: "none (held back)",
  final: "final quantity",
  paused: "paused (no more usage)"
}

/** A forecast method in words, as shown to people ("run rate", not "runRate"). */
export const methodName = (method: string): string => methodNames[method] ?? method

/** How far to trust the band: `low` early in a period or when the backtest error is large. */
export type Confidence = "low" | "medium" | "high"

/** What a forecast is made from. Negative or non-finite totals are read as 0. */
export interface Input {
  /** Daily totals of the current period so far, oldest first; the last one may be the partial current day. */
  readonly currentPeriod: ReadonlyArray<number>
  /** Daily totals of the days before the current period, oldest first; may be empty. */
  readonly history: ReadonlyArray<number>
  /** Days elapsed in the current period (fractional, > 0). */
  readonly elapsedDays: number
  /** Length of the current period in days. */
  readonly periodDays: number
  /** Weekday (0 = Monday … 6 = Sunday) of `history[0]`, or of `currentPeriod[0]` when history is empty. */
  readonly firstWeekday: number
  /** Seed of the bootstrap; the same input and seed give the same band. */
  readonly seed?: number
  /** The variable's total in the contract's previous period, when it had one; blended with the run rate. */
  readonly prior?: ForecastCaution.Prior
}

/** Low, middle and high estimates (10th, 50th and 90th percentiles). */
export interface Band {
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

/** Median absolute percentage error (0.05 = 5 %) of each method's end-of-period total over `origins` cut-offs. */
export interface Backtest {
  readonly origins: number
  readonly medianApe: { readonly [M in BacktestedMethod]: number }
}

/** The forecast of the end-of-period quantity and how it was made; no quantity, and the reason, when held back. */
export interface Result {
  readonly method: Method
  readonly confidence: Confidence
  readonly quantity: Band | null
  readonly reason?: string
  readonly backtest?: Backtest
}

/** A rolling-origin backtest: at each cut-off, `elapsedDays` of a period are known and the rest is forecast. */
export interface BacktestInput {
  /** Complete daily totals, oldest first. */
  readonly series: ReadonlyArray<number>
  /** Weekday (0 = Monday … 6 = Sunday) of `series[0]`. */
  readonly firstWeekday: number
  readonly elapsedDays: number
  readonly periodDays: number
  /** At most this many cut-offs, the most recent first (default 20). */
  readonly maxOrigins?: number
}

/** Elapsed time is read as at least an hour, so a run rate right after the period starts stays finite. */
const minElapsedDays = 1 / 24
const defaultSeed = 0x5eed
const originStep = 3
const minOrigins = 3
const z90 = 1.2815515655446004
const recentDays = 28

const clean = (values: ReadonlyArray<number>): ReadonlyArray<number> => values.map((v) => Math.max(0, finite(v)))
const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = (sorted.length - 1) / 2
  return (at(sorted, Math.floor(middle)) + at(sorted, Math.ceil(middle))) / 2
}
const firstUse = (series: ReadonlyArray<number>): number => series.findIndex((v) => v > 0)

/** The forecast problem in one shape for both methods; `series` holds complete days only. */
interface Situation {
  readonly series: ReadonlyArray<number>
  readonly periodStart: number
  readonly firstWeekday: number
  readonly soFar: number
  readonly elapsed: number
  readonly periodDays: number
}

const situationOf = (input: Input): Situation => {
  const periodDays = Math.max(minElapsedDays, finite(input.periodDays))
  const elapsed = Math.min(periodDays, Math.max(minElapsedDays, finite(input.elapsedDays)))
  const current = clean(input.currentPeriod)
  const history = clean(input.history)
  const complete = Array.from({ length: Math.floor(elapsed) }, (_, day) => at(current, day))
  return {
    series: [...history, ...complete],
    periodStart: history.length,
    firstWeekday: finite(input.firstWeekday),
    soFar: sum(current),
    elapsed,
    periodDays
  }
}

/** The days still to come, as series indexes, with the share of each day that lies in the rest of the period. */
const daysAhead = (s: Situation): ReadonlyArray<ForecastTrend.DayAhead> =>
  Array.from({ length: Math.max(0, Math.ceil(s.periodDays) - Math.floor(s.elapsed)) }, (_, k) => {
    const day = Math.floor(s.elapsed) + k
    return { index: s.periodStart + day, share: Math.min(day + 1, s.periodDays) - Math.max(day, s.elapsed) }
  }).filter((day) => day.share > 0)

const fitOf = (s: Situation) => ForecastTrend.fit(s.series, s.firstWeekday, s.series.length)

/** Usage so far plus a band of the rest, ordered, finite and never below usage so far. */
const total = (soFar: number, ahead: ForecastTrend.Spread): Band => {
  const p10 = soFar + Math.max(0, finite(ahead.p10))
  const p50 = Math.max(p10, soFar + finite(ahead.p50))
  return { p10, p50, p90: Math.max(p50, soFar + finite(ahead.p90)) }
}

/** The rest of the period at the average rate so far. */
const runRateAhead = (s: Situation): number => (s.soFar / s.elapsed) * (s.periodDays - s.elapsed)

/** Mean and standard deviation of the complete days of the last 4 weeks since the first usage; none under 2 days. */
const recentSpread = (s: Situation): Option.Option<{ readonly mean: number; readonly sd: number }> => {
  const recent = s.series.slice(Math.max(firstUse(s.series), s.series.length - recentDays, 0))
  if (firstUse(s.series) < 0 || recent.length < 2) return Option.none()
  const mean = sum(recent) / recent.length
  return Option.some({ mean, sd: Math.sqrt(sum(recent.map((v) => (v - mean) ** 2)) / (recent.length - 1)) })
}

/** Normal band: the daily spread of the last 4 weeks (or the rate itself) over the remaining days and the rate. */
const runRateBand = (s: Situation): Band => {
  const ahead = runRateAhead(s)
  const remaining = s.periodDays - s.elapsed
  const daily = Option.match(recentSpread(s), { onNone: () => s.soFar / s.elapsed, onSome: (r) => r.sd })
  const sd = daily * Math.sqrt(remaining + remaining ** 2 / Math.max(s.elapsed, 1))
  return total(s.soFar, { p10: ahead - z90 * sd, p50: ahead, p90: ahead + z90 * sd })
}

/** Baseline: usage so far ÷ elapsed fraction of the period; the band widens with the spread of recent daily totals. */
export const runRate = (input: Input): Band => runRateBand(situationOf(input))

/** Trend plus weekday pattern of recent days; none before 14 complete days have passed since the first usage. */
export const weekdayTrend = (input: Input): Option.Option<Band> => {
  const s = situationOf(input)
  return Option.map(fitOf(s), (f) => total(s.soFar, ForecastTrend.spread(f, daysAhead(s), input.seed ?? defaultSeed)))
}

/**
 * Rolling-origin backtest of both methods' end-of-period totals: cut-offs every 3 days back from the end, each with
 * two weeks of usage before it and up to the remaining days after it (at least a week, or all when fewer remain);
 * none when fewer than 3 cut-offs fit.
 */
export const backtest = (input: BacktestInput): Option.Option<Backtest> => {
  const series = clean(input.series)
  const periodDays = Math.max(1, finite(input.periodDays))
  const seen = Math.max(1, Math.floor(Math.min(finite(input.elapsedDays), periodDays - 1)))
  const horizon = Math.max(1, Math.ceil(periodDays - seen))
  const errors: { readonly [M in BacktestedMethod]: Array<number> } = { runRate: [], weekdayTrend: [] }
  const used = firstUse(series)
  const earliest = Math.max(used + ForecastTrend.minFitDays, seen)
  for (let cut = series.length - Math.min(horizon, 7); used >= 0 && cut >= earliest; cut -= originStep) {
    if (errors.runRate.length >= (input.maxOrigins ?? 20)) break
    const days = Math.min(horizon, series.length - cut)
    const actual = sum(series.slice(cut - seen, cut + days))
    const s: Situation = {
      series: series.slice(0, cut),
      periodStart: cut - seen,
      firstWeekday: finite(input.firstWeekday),
      soFar: sum(series.slice(cut - seen, cut)),
      elapsed: seen,
      periodDays: seen + days
    }
    const f = fitOf(s)
    if (actual <= 0 || Option.isNone(f)) continue
    const trendAhead = ForecastTrend.point(f.value, daysAhead(s), defaultSeed + cut)
    errors.runRate.push(Math.abs(s.soFar + runRateAhead(s) - actual) / actual)
    errors.weekdayTrend.push(Math.abs(s.soFar + trendAhead - actual) / actual)
  }
  if (errors.runRate.length < minOrigins) return Option.none()
  const medianApe = { runRate: median(errors.runRate), weekdayTrend: median(errors.weekdayTrend) }
  return Option.some({ origins: errors.runRate.length, medianApe })
}

/**
 * Confidence: `low` before 20 % of the period has passed or with under 3 days of usage data; then by the chosen
 * method's backtest median APE, ≤ 5 % `high`, ≤ 15 % `medium`, else `low`; without a backtest `medium` once half the
 * period has passed. Once the period is over the quantity is known: `high`.
 */
const confidenceOf = (s: Situation, ape: Option.Option<number>): Confidence => {
  const used = firstUse(s.series)
  const daysOfData = s.elapsed + (used >= 0 && used < s.periodStart ? s.periodStart - used : 0)
  if (s.elapsed >= s.periodDays) return "high"
  if (s.elapsed / s.periodDays < 0.2 || daysOfData < 3) return "low"
  return Option.match(ape, {
    onNone: () => (s.elapsed / s.periodDays >= 0.5 ? "medium" : "low"),
    onSome: (error) => (error <= 0.05 ? "high" : error <= 0.15 ? "medium" : "low")
  })
}

/** Daily totals' coefficient of variation, at least `minDailyVariation` at low confidence (and without data). */
const dailyVariation = (s: Situation, confidence: Confidence): number => {
  const floor = confidence === "low" ? ForecastCaution.minDailyVariation : 0
  return Option.match(recentSpread(s), {
    onNone: () => ForecastCaution.minDailyVariation,
    onSome: (r) => Math.max(floor, r.mean > 0 ? r.sd / r.mean : ForecastCaution.minDailyVariation)
  })
}

const heldBack = (reason: string): Result => ({ method: "none", confidence: "low", quantity: null, reason })

/**
 * Forecasts the period's end total with the method that backtests better on this series, the run rate blended with
 * the previous period when there is one, and the cautions of `ForecastCaution.ts` at low confidence.
 */
export const forecast = (input: Input): Result => {
  const s = situationOf(input)
  const { series, firstWeekday, elapsed, periodDays } = s
  // The elapsed time as given: the hour `situationOf` reads it as at least is for the run rate's arithmetic only.
  const observed = Math.min(periodDays, Math.max(0, finite(input.elapsedDays)))
  const remaining = Math.max(0, periodDays - observed)
  const tested = backtest({ series, firstWeekday, elapsedDays: elapsed, periodDays })
  const trend = Option.filter(tested, (b) => b.medianApe.weekdayTrend < b.medianApe.runRate).pipe(
    Option.flatMap(() => fitOf(s))
  )
  const prior = ForecastCaution.usablePrior(input.prior)
  const method: Method = Option.isSome(trend) ? "weekdayTrend" : prior !== undefined ? "previousPeriod" : "runRate"
  // The blend is the run rate shrunk towards the prior, and tends to it as the period goes on: the run rate's error.
  const confidence = confidenceOf(
    s,
    Option.map(tested, (b) => b.medianApe[method === "weekdayTrend" ? "weekdayTrend" : "runRate"])
  )
  const extra = Option.isSome(tested) ? { backtest: tested.value } : {}
  if (elapsed >= periodDays) return { method, confidence, quantity: runRateBand(s), ...extra }
  if (method === "runRate" && observed < ForecastCaution.minRunRateDays) {
    return { ...heldBack(ForecastCaution.tooEarly(observed, periodDays)), ...extra }
  }
  const runSpread = ForecastCaution.runRateSpread(dailyVariation(s, confidence), observed, remaining)
  const band = Option.isSome(trend)
    ? total(s.soFar, ForecastTrend.spread(trend.value, daysAhead(s), input.seed ?? defaultSeed))
    : prior !== undefined
      ? ForecastCaution.logNormal(
          s.soFar,
          ForecastCaution.blendedRate(s.soFar, observed, prior) * remaining,
          ForecastCaution.blendedSpread(runSpread, observed)
        )
      : runRateBand(s)
  if (confidence !== "low") return { method, confidence, quantity: band, ...extra }
  const widened = ForecastCaution.widen(band, ForecastCaution.logNormal(s.soFar, band.p50 - s.soFar, runSpread))
  return ForecastCaution.isStrict(widened)
    ? { method, confidence, quantity: widened, ...extra }
    : { ...heldBack(ForecastCaution.noSpread(s.soFar, observed, periodDays)), ...extra }
}
