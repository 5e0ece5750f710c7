/**
 * What deleting a customer will do, in words, from `customers.deletionPreview` (PRODUCT.md §2: orders are kept,
 * subscription contracts are deleted with their usage).
 */
import type { DeletionPreview } from "../api/Api.ts"
import { count } from "../ui/Format.ts"

/** E.g. "2 orders will be kept; 1 subscription contract will be deleted." */
export const deletionSummary = (preview: DeletionPreview): string => {
  const orders = preview.preservedOrderCount
  const contracts = preview.deletedSubscriptionContractIds.length
  const kept = orders === 0 ? "It has no orders" : `${count(orders, "order")} will be kept`
  const deleted =
    contracts === 0
      ? "no subscription contracts will be deleted"
      : `${count(contracts, "subscription contract")} will be deleted`
  return `${kept}; ${deleted}.`
}
