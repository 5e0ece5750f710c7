/**
 * The forecast of a metered variable and of the period total in words: the band with its method ("run rate", as the
 * API names it in `methodName`) and confidence, or, when the forecast is held back early in a period, the reason.
 */
import type { UsageSummary, VariableSummary } from "../api/Api.ts"
import { estimate, money, withUnit } from "../ui/Format.ts"

type Forecast = VariableSummary["forecast"]

/** The method and confidence in words: "run rate, low confidence". */
export const basisInWords = (forecast: Forecast): string => `${forecast.methodName}, ${forecast.confidence} confidence`

/** The forecast of one variable as a sentence for the chart's caption. */
export const forecastInWords = (forecast: Forecast, end: string): string =>
  forecast.quantity === null
    ? `forecast at period end (${end}) held back: ${forecast.reason ?? "not enough usage to go by yet"}.`
    : `forecast at period end (${end}) ${estimate(forecast.quantity.p50)}, between ${estimate(forecast.quantity.p10)} ` +
      `and ${estimate(forecast.quantity.p90)} (${basisInWords(forecast)}).`

/** The forecast of one variable: the band and its price, with method and confidence; or why there is none yet. */
export const VariableForecast = (props: {
  readonly forecast: Forecast
  readonly unit: string
  readonly currency: string
}) => {
  const { forecast, currency } = props
  if (forecast.quantity === null || forecast.price === null) {
    return (
      <p className="pa-forecast">
        Forecast at period end: <strong>held back</strong> — {forecast.reason ?? "not enough usage to go by yet"}.
      </p>
    )
  }
  return (
    <p className="pa-forecast">
      Forecast at period end: <strong>{withUnit(estimate(forecast.quantity.p50), props.unit)}</strong> (
      {estimate(forecast.quantity.p10)} – {estimate(forecast.quantity.p90)}), priced{" "}
      <strong>{money(forecast.price.p50, currency)}</strong> ({money(forecast.price.p10, currency)} –{" "}
      {money(forecast.price.p90, currency)}). Method: {forecast.methodName}; confidence: {forecast.confidence}.
    </p>
  )
}

/** The forecast of the period total, or why it is held back. */
export const TotalForecast = (props: { readonly forecast: UsageSummary["forecast"]; readonly currency: string }) => {
  const { total, reason } = props.forecast
  if (total === null) return <>Not forecast yet: {reason ?? "a variable's forecast is held back"}</>
  return (
    <>
      {money(total.p50, props.currency)} ({money(total.p10, props.currency)} – {money(total.p90, props.currency)})
    </>
  )
}
