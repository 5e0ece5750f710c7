/**
 * The `weekdayTrend` model behind `Forecast`: a linear trend plus weekday effects fitted to recent daily totals by
 * recency-weighted, Huber-robust least squares with empirical-Bayes shrinkage of the weekday effects, and futures of the
 * days ahead simulated by drawing the fit's own residuals from a small seeded PRNG. Pure and deterministic.
 */
import { Option } from "effect"

/** A day still to come: its index in the series and the share of it left in the period (1, or less for a partial day). */
export interface DayAhead {
  readonly index: number
  readonly share: number
}

/** The 10th, 50th and 90th percentiles of the quantity of the days ahead. */
export interface Spread {
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

/** Two weeks since the first usage: 8 coefficients, each weekday seen twice. */
export const minFitDays = 14
const windowDays = 112
const halfLifeDays = 28
const huberRounds = 4
const bootstrapRuns = 200
const medianRuns = 101
const columns = 8

/** The value at an index, 0 past the end. */
export const at = (values: ReadonlyArray<number>, index: number): number => values[index] ?? 0
/** The value, or 0 when it is not a finite number. */
export const finite = (value: number): number => (Number.isFinite(value) ? value : 0)
/** The sum of the values. */
export const sum = (values: ReadonlyArray<number>): number => values.reduce((total, v) => total + v, 0)
const dot = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => sum(a.map((v, i) => v * at(b, i)))
const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  const position = (sorted.length - 1) * q
  const below = Math.floor(position)
  return at(sorted, below) + (at(sorted, Math.ceil(position)) - at(sorted, below)) * (position - below)
}
const ascending = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)
const median = (values: ReadonlyArray<number>): number => quantile(ascending(values), 0.5)

/** Mulberry32: a small deterministic PRNG giving numbers in [0, 1). */
const random = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Intercept, trend per week (0 at the last fitted day), effects of Tuesday … Sunday (Monday's is minus their sum). */
const features = (index: number, end: number, firstWeekday: number): ReadonlyArray<number> => {
  const weekday = (((firstWeekday + index) % 7) + 7) % 7
  return [1, (index - end + 1) / 7, ...[1, 2, 3, 4, 5, 6].map((day) => (day === weekday ? 1 : weekday === 0 ? -1 : 0))]
}

/**
 * Weighted least squares with a ridge `weekdayPenalty` on the weekday effects (and a tiny one everywhere, so the normal
 * matrix is positive definite and needs no pivoting): inverts it once, then fits any values on the same days.
 */
const leastSquares = (
  rows: ReadonlyArray<ReadonlyArray<number>>,
  weights: ReadonlyArray<number>,
  weekdayPenalty: number
): ((values: ReadonlyArray<number>) => ReadonlyArray<number>) => {
  const width = 2 * columns
  const m: Array<number> = Array.from({ length: columns * width }, (_, k) =>
    k % width === columns + Math.floor(k / width) ? 1 : 0
  )
  const cell = (r: number, c: number) => at(m, r * width + c)
  rows.forEach((row, i) => {
    for (let r = 0; r < columns; r++) {
      for (let c = 0; c < columns; c++) m[r * width + c] = cell(r, c) + at(weights, i) * at(row, r) * at(row, c)
    }
  })
  for (let r = 0; r < columns; r++) m[r * width + r] = cell(r, r) * (1 + 1e-9) + 1e-9 + (r >= 2 ? weekdayPenalty : 0)
  for (let col = 0; col < columns; col++) {
    for (let r = 0; r < columns; r++) {
      const factor = r === col ? 0 : cell(r, col) / cell(col, col)
      if (factor !== 0) for (let c = col; c < width; c++) m[r * width + c] = cell(r, c) - factor * cell(col, c)
    }
  }
  const inverse = Array.from({ length: columns }, (_, r) =>
    Array.from({ length: columns }, (_, c) => cell(r, columns + c) / cell(r, r))
  )
  return (values) => {
    const moments = Array.from({ length: columns }, () => 0)
    rows.forEach((row, i) => {
      const weighted = at(weights, i) * at(values, i)
      for (let r = 0; r < columns; r++) moments[r] = at(moments, r) + weighted * at(row, r)
    })
    return inverse.map((line) => finite(dot(line, moments)))
  }
}

/** A fitted model of the days before `end`. */
export interface Fit {
  readonly end: number
  readonly firstWeekday: number
  readonly coefficients: ReadonlyArray<number>
  readonly fitted: ReadonlyArray<number>
  /** Refits other values on the same days with the same (recency × robustness) weights and shrinkage. */
  readonly refit: (values: ReadonlyArray<number>) => ReadonlyArray<number>
  /** Not centred: a robust fit leaves spikes and sparse usage in the residuals, and drawing them puts them back. */
  readonly residuals: ReadonlyArray<number>
  /** Cumulative recency weights scaled to end at 1: recent residuals are drawn more often. */
  readonly cumulative: ReadonlyArray<number>
}

/**
 * Fits the last 112 days before `end` since the first usage, each weighted by recency (half-life 28 days) and, over four
 * Huber rounds, down-weighted when its residual exceeds 2 robust sigmas; none with under 14 such days.
 */
export const fit = (series: ReadonlyArray<number>, firstWeekday: number, end: number): Option.Option<Fit> => {
  const used = series.findIndex((v) => v > 0)
  const start = Math.max(used, end - windowDays)
  if (used < 0 || end - start < minFitDays) return Option.none()
  const values = series.slice(start, end)
  const rows = values.map((_, k) => features(start + k, end, firstWeekday))
  const recency = values.map((_, k) => 0.5 ** ((end - 1 - start - k) / halfLifeDays))
  const perWeekday = sum(recency) / 7
  const residualsOf = (coefficients: ReadonlyArray<number>) =>
    values.map((v, k) => v - dot(rows[k] ?? [], coefficients))
  const noiseOf = (coefficients: ReadonlyArray<number>) => 1.4826 * median(residualsOf(coefficients).map(Math.abs))
  // Empirical Bayes: the weekday effects are shrunk by how far their spread stands out of the noise, so a series
  // without a weekly pattern does not chase one and a clean pattern is kept whole.
  const plain = leastSquares(rows, recency, 0)(values)
  const effects = [-sum(plain.slice(2)), ...plain.slice(2)]
  const noise = noiseOf(plain) ** 2
  const signal = sum(effects.map((e) => e * e)) / 7 - noise / perWeekday
  const penalty = signal > 0 ? Math.min(1e6, noise / signal) : 1e6
  let refit = leastSquares(rows, recency, penalty)
  let coefficients = refit(values)
  for (let round = 0; round < huberRounds; round++) {
    const residuals = residualsOf(coefficients)
    const limit = 2 * Math.max(noiseOf(coefficients), 0.01 * (sum(values) / values.length))
    refit = leastSquares(
      rows,
      recency.map((w, k) => w * Math.min(1, limit / Math.abs(at(residuals, k)))),
      penalty
    )
    coefficients = refit(values)
  }
  const fitted = rows.map((row) => dot(row, coefficients))
  const cumulative = recency.map((_, k) => sum(recency.slice(0, k + 1)) / sum(recency))
  return Option.some({
    end,
    firstWeekday,
    coefficients,
    fitted,
    refit,
    residuals: residualsOf(coefficients),
    cumulative
  })
}

/** Draws residuals of the fit with probability proportional to recency. */
const drawer = (f: Fit, next: () => number) => (): number => {
  const u = next()
  let low = 0
  let high = f.cumulative.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if (at(f.cumulative, middle) < u) low = middle + 1
    else high = middle
  }
  return at(f.residuals, low)
}

type Rows = ReadonlyArray<{ readonly share: number; readonly row: ReadonlyArray<number> }>

const rowsOf = (f: Fit, days: ReadonlyArray<DayAhead>): Rows =>
  days.map((day) => ({ share: day.share, row: features(day.index, f.end, f.firstWeekday) }))

/** One future of the days ahead: each day's prediction plus a drawn residual, never below 0. */
const simulate = (rows: Rows, coefficients: ReadonlyArray<number>, draw: () => number): number =>
  sum(rows.map((day) => day.share * Math.max(0, dot(day.row, coefficients) + draw())))

/** The median future quantity of the days ahead: the point forecast, the one backtested and reported as p50. */
export const point = (f: Fit, days: ReadonlyArray<DayAhead>, seed: number): number => {
  const rows = rowsOf(f, days)
  const draw = drawer(f, random(seed))
  return median(Array.from({ length: medianRuns }, () => simulate(rows, f.coefficients, draw)))
}

/**
 * The band of the days ahead by residual bootstrap: refit on fitted values plus drawn residuals (the uncertainty of
 * trend and weekday effects), simulate the days ahead (the daily noise), and lay the spread around `point`.
 */
export const spread = (f: Fit, days: ReadonlyArray<DayAhead>, seed: number): Spread => {
  const rows = rowsOf(f, days)
  const draw = drawer(f, random(seed + 1))
  const totals = ascending(
    Array.from({ length: bootstrapRuns }, () => simulate(rows, f.refit(f.fitted.map((v) => v + draw())), draw))
  )
  const middle = point(f, days, seed)
  const centre = quantile(totals, 0.5)
  return { p10: middle + quantile(totals, 0.1) - centre, p50: middle, p90: middle + quantile(totals, 0.9) - centre }
}
