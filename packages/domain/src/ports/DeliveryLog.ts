/**
 * The delivery log: every message on its way to an endpoint with its attempts (PRODUCT.md §6), as `webhooks.deliveries`
 * lists it, and the two ways a person starts a delivery by hand: redelivering one and sending a test event. The worker
 * claims what these make like any other due delivery.
 */
import { Context, type DateTime, type Effect, type Option } from "effect"
import type * as Page from "../Page.ts"
import type { TenantId } from "../Tenant.ts"
import type * as Webhook from "../Webhook.ts"
import type { MessageId } from "./Outbox.ts"

/** The query of `webhooks.deliveries`: one endpoint's deliveries, newest first, optionally in one status. */
export interface DeliveryQuery {
  readonly endpointId: Webhook.WebhookEndpointId
  readonly status?: Webhook.DeliveryStatus
  readonly cursor?: string
  readonly limit?: number
}

/** A `webhook.test` message: its id (the `webhook-id` the receiver sees), when it was sent, and its `data`. */
export interface TestMessage {
  readonly id: MessageId
  readonly occurredAt: DateTime.Utc
  readonly data: { readonly endpointId: Webhook.WebhookEndpointId; readonly message: string }
}

/** A test delivery to make: its id, the one endpoint it goes to, and the message it carries. */
export interface TestDelivery {
  readonly id: Webhook.DeliveryId
  readonly endpointId: Webhook.WebhookEndpointId
  readonly message: TestMessage
}

/** Reads the deliveries of one tenant at a time and queues manual ones. */
export class DeliveryLog extends Context.Service<
  DeliveryLog,
  {
    /** One page of an endpoint's deliveries with their attempts in the order made, newest delivery first. */
    readonly list: (
      tenant: TenantId,
      query: DeliveryQuery
    ) => Effect.Effect<Page.Page<Webhook.Delivery>, Page.CursorInvalid>
    /** Finds a delivery with its attempts. */
    readonly find: (tenant: TenantId, id: Webhook.DeliveryId) => Effect.Effect<Option.Option<Webhook.Delivery>>
    /**
     * Makes a delivery pending again, due now and free of any lease, keeping its message (so its `webhook-id`) and
     * its attempts; returns it as it now stands.
     */
    readonly redeliver: (
      tenant: TenantId,
      id: Webhook.DeliveryId
    ) => Effect.Effect<Webhook.Delivery, Webhook.DeliveryNotFound>
    /**
     * When each test delivery to the endpoint made in the last `withinSeconds` was made (by the store's clock, the one
     * that stamps them), oldest first.
     */
    readonly recentTests: (
      tenant: TenantId,
      endpointId: Webhook.WebhookEndpointId,
      withinSeconds: number
    ) => Effect.Effect<ReadonlyArray<DateTime.Utc>>
    /** Queues a `webhook.test` message to one endpoint only, due now; returns the new delivery. */
    readonly enqueueTest: (
      tenant: TenantId,
      test: TestDelivery
    ) => Effect.Effect<Webhook.Delivery, Webhook.WebhookEndpointNotFound>
  }
>()("@patron/domain/DeliveryLog") {}
