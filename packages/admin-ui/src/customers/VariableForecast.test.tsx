import { render, screen } from "@testing-library/react"
import { describe, expect, it } from "vitest"
import { forecastInWords, TotalForecast, VariableForecast } from "./VariableForecast.tsx"

const reason = "too early: 2 minutes of a 31-day period observed and no previous period to go by"
const heldBack = {
  method: "none",
  methodName: "none (held back)",
  confidence: "low" as const,
  quantity: null,
  price: null,
  reason
}
const made = {
  method: "previousPeriod",
  methodName: "previous period and run rate",
  confidence: "low" as const,
  quantity: { p10: "2400", p50: "3230", p90: "4500" },
  price: { p10: "24", p50: "32.3", p90: "45" }
}

describe("VariableForecast", () => {
  it("says why a held-back forecast has no figure", () => {
    render(<VariableForecast forecast={heldBack} unit="call" currency="EUR" />)
    const line = screen.getByText(/Forecast at period end:/)
    expect(line.textContent).toBe(`Forecast at period end: held back — ${reason}.`)
    expect(line.textContent).not.toMatch(/\d+ calls/)
  })

  it("names the method in words beside the band", () => {
    render(<VariableForecast forecast={made} unit="call" currency="EUR" />)
    const line = screen.getByText(/Forecast at period end:/)
    expect(line.textContent).toContain("3,230 calls (2,400 – 4,500)")
    expect(line.textContent).toContain("Method: previous period and run rate; confidence: low.")
    expect(line.textContent).not.toContain("previousPeriod")
  })

  it("puts the same in the chart's caption", () => {
    expect(forecastInWords(heldBack, "Dec 1, 2026")).toBe(`forecast at period end (Dec 1, 2026) held back: ${reason}.`)
    expect(forecastInWords(made, "Dec 1, 2026")).toBe(
      "forecast at period end (Dec 1, 2026) 3,230, between 2,400 and 4,500 (previous period and run rate, low confidence)."
    )
  })
})

describe("TotalForecast", () => {
  it("gives the band of the period total", () => {
    render(<TotalForecast forecast={{ total: { p10: "34", p50: "42.3", p90: "55" } }} currency="EUR" />)
    expect(screen.getByText(/42/).textContent).toMatch(/42\.30.*\(.*34\.00.*–.*55\.00.*\)/)
  })

  it("says why the period total is held back", () => {
    render(
      <TotalForecast forecast={{ total: null, reason: "the forecast of API calls is held back" }} currency="EUR" />
    )
    expect(screen.getByText(/Not forecast yet/).textContent).toBe(
      "Not forecast yet: the forecast of API calls is held back"
    )
  })
})
