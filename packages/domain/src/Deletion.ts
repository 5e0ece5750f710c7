/**
 * The deletion rules of PRODUCT.md §2: deleting a customer deletes its subscription contracts (with their usage) and
 * keeps its orders unchanged; it emits `customer.deleted` and one `subscription_contract.deleted` per contract.
 */
import type * as Customer from "./Customer.ts"
import * as DomainEvent from "./DomainEvent.ts"
import type * as SubscriptionContract from "./SubscriptionContract.ts"

/** What a deletion will do. */
export interface Plan {
  readonly customer: Customer.Customer
  readonly deletedContracts: ReadonlyArray<SubscriptionContract.SubscriptionContract>
  readonly preservedOrderCount: number
  readonly events: ReadonlyArray<DomainEvent.DomainEvent>
}

/** What a deletion did (or would do), as the API returns it. */
export interface Outcome {
  readonly id: Customer.CustomerId
  readonly preservedOrderCount: number
  readonly deletedSubscriptionContractIds: ReadonlyArray<string>
}

/** Plans the deletion of a customer with `orderCount` orders (kept) and its contracts (deleted). */
export const plan = (
  customer: Customer.Customer,
  orderCount: number,
  contracts: ReadonlyArray<SubscriptionContract.SubscriptionContract>
): Plan => {
  const deletedSubscriptionContractIds = contracts.map((contract) => contract.id)
  return {
    customer,
    deletedContracts: contracts,
    preservedOrderCount: orderCount,
    events: [
      new DomainEvent.CustomerDeleted({
        data: { ...customer, deletedSubscriptionContractIds, preservedOrderCount: orderCount }
      }),
      ...contracts.map((contract) => new DomainEvent.SubscriptionContractDeleted({ data: contract }))
    ]
  }
}

/** The outcome of a plan. */
export const outcome = (plan: Plan): Outcome => ({
  id: plan.customer.id,
  preservedOrderCount: plan.preservedOrderCount,
  deletedSubscriptionContractIds: plan.deletedContracts.map((contract) => contract.id)
})
