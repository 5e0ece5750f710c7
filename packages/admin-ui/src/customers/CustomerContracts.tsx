/**
 * A customer's subscription contracts: plan, state, item, current period and base price, and for each contract the
 * metered variables of the current period (`usage.summary`).
 */
import { useQuery } from "@tanstack/react-query"
import { useCan } from "../access/Permissions.tsx"
import { type SubscriptionContract, useTRPC } from "../api/Api.ts"
import { date, money } from "../ui/Format.ts"
import { lazyNamed } from "../ui/Lazy.tsx"
import { ErrorMessage, Loading } from "../ui/States.tsx"

const UsageBreakdown = lazyNamed(async () => (await import("./UsageBreakdown.tsx")).UsageBreakdown, "Loading usage…")

const stateLabels: Record<SubscriptionContract["status"]["state"], string> = {
  pendingActivation: "Pending activation",
  active: "Active",
  paused: "Paused",
  pendingDeactivation: "Ends at period end",
  cancelled: "Cancelled"
}

export const CustomerContracts = (props: { readonly customerId: string }) => {
  const trpc = useTRPC()
  const contracts = useQuery(trpc.subscriptionContracts.list.queryOptions({ customerId: props.customerId, limit: 50 }))
  return (
    <section className="pa-section" aria-labelledby="pa-contracts-title">
      <h3 id="pa-contracts-title">Subscription contracts</h3>
      {contracts.isPending ? (
        <Loading label="Loading subscription contracts…" />
      ) : contracts.isError ? (
        <ErrorMessage error={contracts.error} onRetry={() => contracts.refetch()} />
      ) : contracts.data.items.length === 0 ? (
        <p className="pa-muted">No subscription contracts.</p>
      ) : (
        contracts.data.items.map((contract) => <ContractCard key={contract.id} contract={contract} />)
      )}
    </section>
  )
}

const ContractCard = (props: { readonly contract: SubscriptionContract }) => {
  const { contract } = props
  const canReadUsage = useCan("usage:read")
  const phase = contract.recurring
  const every = phase.period === 1 ? phase.unit : `${phase.period} ${phase.unit}s`
  return (
    <div className="pa-card pa-contract">
      <div className="pa-order-head">
        <p className="pa-card-title">{contract.plan.name}</p>
        <span className={`pa-badge pa-state-${contract.status.state}`}>{stateLabels[contract.status.state]}</span>
      </div>
      <dl className="pa-facts">
        <div className="pa-fact">
          <dt>Item</dt>
          <dd>
            {contract.item.quantity} × {contract.item.name} ({contract.item.sku})
          </dd>
        </div>
        <div className="pa-fact">
          <dt>Base price</dt>
          <dd>
            {money(phase.price, contract.currency)} per {every}
          </dd>
        </div>
        <div className="pa-fact">
          <dt>Current period</dt>
          <dd>
            {date(contract.currentPeriod.start)} – {date(contract.currentPeriod.end)}
          </dd>
        </div>
      </dl>
      {canReadUsage && phase.meteredVariables.length > 0 && <UsageBreakdown contractId={contract.id} />}
    </div>
  )
}
