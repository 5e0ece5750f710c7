/**
 * The metered variables of a contract's current period: quantity, how it falls into the price tiers, the price, and
 * the forecast at period end, with a chart of daily usage and the forecast band.
 */
import { useQuery } from "@tanstack/react-query"
import { type UsageSummary, useTRPC, type VariableSummary } from "../api/Api.ts"
import { money, plural, quantity, withUnit } from "../ui/Format.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { UsageChart } from "./UsageChart.tsx"
import { TotalForecast, VariableForecast } from "./VariableForecast.tsx"

export const UsageBreakdown = (props: { readonly contractId: string }) => {
  const trpc = useTRPC()
  const summary = useQuery(trpc.usage.summary.queryOptions({ contractId: props.contractId }))
  if (summary.isPending) return <Loading label="Loading usage…" />
  if (summary.isError) return <ErrorMessage error={summary.error} onRetry={() => summary.refetch()} />
  const { data } = summary
  const now = new Date()
  return (
    <div className="pa-usage">
      {data.variables.map((variable) => (
        <Variable key={variable.identifier} summary={data} variable={variable} now={now} />
      ))}
      <dl className="pa-facts pa-usage-totals">
        <div className="pa-fact">
          <dt>Base price</dt>
          <dd>{money(data.basePrice, data.currency)}</dd>
        </div>
        <div className="pa-fact">
          <dt>Period total so far</dt>
          <dd>{money(data.total, data.currency)}</dd>
        </div>
        <div className="pa-fact">
          <dt>Forecast total at period end</dt>
          <dd>
            <TotalForecast forecast={data.forecast} currency={data.currency} />
          </dd>
        </div>
      </dl>
    </div>
  )
}

const Variable = (props: {
  readonly summary: UsageSummary
  readonly variable: VariableSummary
  readonly now: Date
}) => {
  const { summary, variable } = props
  const currency = summary.currency
  const forecast = variable.forecast
  return (
    <section className="pa-variable" aria-label={`Metered variable ${variable.name}`}>
      <div className="pa-order-head">
        <h4>{variable.name}</h4>
        <p>
          <strong>{withUnit(quantity(variable.quantity), variable.unit)}</strong> · {money(variable.price, currency)} (
          {variable.tierType} tiers)
        </p>
      </div>
      <table className="pa-table">
        <caption className="pa-visually-hidden">Tier breakdown of {variable.name}</caption>
        <thead>
          <tr>
            <th scope="col">From ({plural(variable.unit)})</th>
            <th scope="col" className="pa-number">
              Unit price
            </th>
            <th scope="col" className="pa-number">
              Quantity
            </th>
            <th scope="col" className="pa-number">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {variable.tiers.map((tier) => (
            <tr key={tier.threshold}>
              <td>{quantity(tier.threshold)}</td>
              <td className="pa-number">{money(tier.unitPrice, currency)}</td>
              <td className="pa-number">{quantity(tier.quantity)}</td>
              <td className="pa-number">{money(tier.amount, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <VariableForecast forecast={forecast} unit={variable.unit} currency={currency} />
      <UsageChart period={summary.period} variable={variable} now={props.now} />
    </section>
  )
}
