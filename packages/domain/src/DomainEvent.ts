/**
 * Domain events: past-tense facts with stable dotted type names (PRODUCT.md §6). They are written to the outbox in the
 * same transaction as the change that caused them, and delivered to webhooks.
 */
import { Schema } from "effect"

/** Every event type, in catalogue order. Webhook endpoints subscribe to these (or `*`). */
export const eventTypes = [
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "order.created",
  "subscription_contract.created",
  "subscription_contract.updated",
  "subscription_contract.deleted"
] as const

export const EventType = Schema.Literals(eventTypes)
export type EventType = typeof EventType.Type
