/**
 * A chart of one metered variable in the current period (visx): daily usage as bars, the running total as a line, and
 * the forecast band (p10–p90, dashed p50) from now to the period end, none while the forecast is held back. The caption
 * says the same in words.
 */
import { AxisBottom, AxisLeft } from "@visx/axis"
import { scaleLinear, scaleTime } from "@visx/scale"
import { Area, Bar, LinePath } from "@visx/shape"
import type { UsageSummary, VariableSummary } from "../api/Api.ts"
import { date, quantity, withUnit } from "../ui/Format.ts"
import { usageSeries } from "./UsageSeries.ts"
import { forecastInWords } from "./VariableForecast.tsx"

const width = 640
const margin = { top: 12, right: 16, bottom: 28, left: 56 }
const totalHeight = 150
const gap = 14
const dailyHeight = 56
const height = margin.top + totalHeight + gap + dailyHeight + margin.bottom
const dayMillis = 86_400_000

const shortDay = (value: Date | { valueOf(): number }) =>
  new Date(value.valueOf()).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" })
const compact = (value: number | { valueOf(): number }) =>
  new Intl.NumberFormat(undefined, { notation: "compact" }).format(value.valueOf())

export const UsageChart = (props: {
  readonly period: UsageSummary["period"]
  readonly variable: VariableSummary
  readonly now: Date
}) => {
  const { variable } = props
  const series = usageSeries(props.period, variable, props.now)
  const x = scaleTime({ domain: [series.start, series.end], range: [margin.left, width - margin.right] })
  const totalY = scaleLinear({
    domain: [0, series.maxTotal],
    range: [margin.top + totalHeight, margin.top],
    nice: true
  })
  const dailyTop = margin.top + totalHeight + gap
  const dailyY = scaleLinear({ domain: [0, series.maxDay], range: [dailyTop + dailyHeight, dailyTop], nice: true })
  const barWidth = Math.max(1, x(new Date(series.start.getTime() + dayMillis)) - x(series.start) - 2)
  const caption =
    `${variable.name}: ${withUnit(quantity(variable.quantity), variable.unit)} used since ${date(props.period.start)}; ` +
    forecastInWords(variable.forecast, date(props.period.end))

  return (
    <figure className="pa-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={caption}>
        <Area
          data={[...series.forecast]}
          x={(point) => x(point.at)}
          y0={(point) => totalY(point.p10)}
          y1={(point) => totalY(point.p90)}
          className="pa-chart-band"
        />
        <LinePath
          data={[...series.forecast]}
          x={(point) => x(point.at)}
          y={(point) => totalY(point.p50)}
          className="pa-chart-forecast"
        />
        <LinePath
          data={[...series.cumulative]}
          x={(point) => x(point.at)}
          y={(point) => totalY(point.total)}
          className="pa-chart-total"
        />
        {series.days.map((day) => (
          <Bar
            key={day.at.toISOString()}
            x={x(day.at) + 1}
            y={dailyY(day.quantity)}
            width={barWidth}
            height={dailyTop + dailyHeight - dailyY(day.quantity)}
            className="pa-chart-day"
          />
        ))}
        <AxisLeft scale={totalY} left={margin.left} numTicks={4} tickFormat={compact} axisClassName="pa-chart-axis" />
        <AxisLeft scale={dailyY} left={margin.left} numTicks={2} tickFormat={compact} axisClassName="pa-chart-axis" />
        <AxisBottom
          scale={x}
          top={dailyTop + dailyHeight}
          numTicks={6}
          tickFormat={shortDay}
          axisClassName="pa-chart-axis"
        />
        <text x={margin.left + 6} y={margin.top + 10} className="pa-chart-label">
          Running total
        </text>
        <text x={margin.left + 6} y={dailyTop + 10} className="pa-chart-label">
          Per day
        </text>
      </svg>
      <figcaption className="pa-chart-caption">
        <span className="pa-legend pa-legend-total">Running total</span>
        <span className="pa-legend pa-legend-band">Forecast p10–p90</span>
        <span className="pa-legend pa-legend-forecast">Forecast p50</span>
        <span className="pa-legend pa-legend-day">Daily usage</span>
      </figcaption>
    </figure>
  )
}
