/**
 * Domain events: past-tense facts with stable dotted type names (PRODUCT.md §6). They are written to the outbox in the
 * same transaction as the change that caused them, and delivered to webhooks.
 */
import { Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as Order from "./Order.ts"
import * as SubscriptionContract from "./SubscriptionContract.ts"

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

/** A customer was created; data is the customer as the API returns it. */
export class CustomerCreated extends Schema.Class<CustomerCreated>("CustomerCreated")({
  type: Schema.tag("customer.created"),
  data: Customer.Customer
}) {}

/** A customer changed; data is its new state, whose `version` lets receivers drop stale updates. */
export class CustomerUpdated extends Schema.Class<CustomerUpdated>("CustomerUpdated")({
  type: Schema.tag("customer.updated"),
  data: Customer.Customer
}) {}

/** A customer was deleted: its last state, the contracts deleted with it and how many orders were kept. */
export class CustomerDeleted extends Schema.Class<CustomerDeleted>("CustomerDeleted")({
  type: Schema.tag("customer.deleted"),
  data: Schema.Struct({
    ...Customer.Customer.fields,
    deletedSubscriptionContractIds: Schema.Array(Schema.String),
    preservedOrderCount: Schema.Int
  })
}) {}

/** An order was placed. */
export class OrderCreated extends Schema.Class<OrderCreated>("OrderCreated")({
  type: Schema.tag("order.created"),
  data: Order.Order
}) {}

/** A subscription contract was created. */
export class SubscriptionContractCreated extends Schema.Class<SubscriptionContractCreated>(
  "SubscriptionContractCreated"
)({
  type: Schema.tag("subscription_contract.created"),
  data: SubscriptionContract.SubscriptionContract
}) {}

/** A subscription contract changed: a patch or a transition (cancel, pause, resume, renew). */
export class SubscriptionContractUpdated extends Schema.Class<SubscriptionContractUpdated>(
  "SubscriptionContractUpdated"
)({
  type: Schema.tag("subscription_contract.updated"),
  data: SubscriptionContract.SubscriptionContract
}) {}

/** A subscription contract was deleted, on its own or with its customer; data is its last state. */
export class SubscriptionContractDeleted extends Schema.Class<SubscriptionContractDeleted>(
  "SubscriptionContractDeleted"
)({
  type: Schema.tag("subscription_contract.deleted"),
  data: SubscriptionContract.SubscriptionContract
}) {}

/** Every domain event. */
export const DomainEvent = Schema.Union([
  CustomerCreated,
  CustomerUpdated,
  CustomerDeleted,
  OrderCreated,
  SubscriptionContractCreated,
  SubscriptionContractUpdated,
  SubscriptionContractDeleted
])
export type DomainEvent = typeof DomainEvent.Type

/** An event as JSON: `{ type, data }` with data exactly as the API returns the resource. */
const encodeDomainEvent = Schema.encodeSync(DomainEvent)
export const toJson = (value: typeof DomainEvent.Type): typeof DomainEvent.Encoded => encodeDomainEvent(value)
