import { describe, expect, it } from "vitest"
import { usageSeries } from "./UsageSeries.ts"

const period = { start: "2026-03-01T00:00:00.000Z", end: "2026-03-31T00:00:00.000Z" }
const variable = {
  daily: [
    { day: "2026-03-02", quantity: "20" },
    { day: "2026-03-01", quantity: "10" }
  ],
  forecast: {
    method: "runRate",
    methodName: "run rate",
    confidence: "low" as const,
    quantity: { p10: "200", p50: "300", p90: "450" },
    price: { p10: "0", p50: "0", p90: "0" }
  }
}

describe("usageSeries", () => {
  it("adds up the days into a running total and draws the forecast band from it to the period end", () => {
    const series = usageSeries(period, variable, new Date("2026-03-02T12:00:00Z"))
    expect(series.cumulative.map((point) => [point.at.toISOString(), point.total])).toEqual([
      ["2026-03-01T00:00:00.000Z", 0],
      ["2026-03-02T00:00:00.000Z", 10],
      ["2026-03-02T12:00:00.000Z", 30]
    ])
    expect(series.forecast).toEqual([
      { at: new Date("2026-03-02T12:00:00Z"), p10: 30, p50: 30, p90: 30 },
      { at: new Date(period.end), p10: 200, p50: 300, p90: 450 }
    ])
    expect(series.maxTotal).toBe(450)
  })

  it("draws no forecast once the period is over", () => {
    expect(usageSeries(period, variable, new Date("2026-04-02T00:00:00Z")).forecast).toEqual([])
  })

  it("draws no forecast band while the forecast is held back", () => {
    const heldBack = {
      ...variable,
      forecast: { ...variable.forecast, quantity: null, price: null, reason: "too early" }
    }
    const series = usageSeries(period, heldBack, new Date("2026-03-02T12:00:00Z"))
    expect(series.forecast).toEqual([])
    expect(series.maxTotal).toBe(30)
  })
})
