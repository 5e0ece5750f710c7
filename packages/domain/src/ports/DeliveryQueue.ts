/**
 * The delivery queue: the webhook worker's side of the outbox. It fans each message out into one delivery per
 * endpoint that hears it, lets any number of workers claim due deliveries under a lease (a crashed worker's work is
 * claimed again once its lease expires), records each attempt under that lease, and wakes workers when work arrives.
 *
 * A claim gives each delivery with its message decoded as the event it carries. A delivery whose stored message or
 * endpoint secrets cannot be read comes back `Unreadable` instead, so one bad row never stops the others.
 */
import { Context, type DateTime, type Effect, Schema, type Scope } from "effect"
import type * as DeliveryOutcome from "../DeliveryOutcome.ts"
import * as DomainEvent from "../DomainEvent.ts"
import type { TenantId } from "../Tenant.ts"
import * as Webhook from "../Webhook.ts"
import type * as WebhookSecret from "../WebhookSecret.ts"
import type { MessageId } from "./Outbox.ts"

/** The message `webhooks.test` sends: `{ type: "webhook.test", data: { endpointId, message } }`. */
export class WebhookTested extends Schema.Class<WebhookTested>("WebhookTested")({
  type: Schema.tag(Webhook.testEventType),
  data: Schema.Struct({ endpointId: Webhook.WebhookEndpointId, message: Schema.String })
}) {}

/** What a delivery carries: a domain event, or the test event. Encoded, it is the outbox's `{ type, data }`. */
export const DeliveredEvent = Schema.Union([...DomainEvent.DomainEvent.members, WebhookTested])
export type DeliveredEvent = typeof DeliveredEvent.Type

/** Which delivery a claim holds and which attempt it starts. */
export interface Claim {
  readonly tenantId: TenantId
  readonly id: Webhook.DeliveryId
  readonly endpointId: Webhook.WebhookEndpointId
  /** The `webhook-id` receivers see, the same on every retry. */
  readonly messageId: MessageId
  /** The number of the attempt this claim starts, counted over the delivery's life. */
  readonly attemptCount: number
  /** The number of this attempt in the current round of the retry schedule (a redelivery starts a new round). */
  readonly attemptInRound: number
}

/** A claimed delivery ready to send: its event, when it happened, and where it goes with the secrets to sign it. */
export interface ClaimedDelivery extends Claim {
  readonly _tag: "Claimed"
  readonly event: DeliveredEvent
  /**
   * The event's `data` as the outbox stored it (`event` encoded), as read: what the body carries, so a delivery is not
   * encoded again. Its objects' keys are in the store's order.
   */
  readonly data: unknown
  readonly occurredAt: DateTime.Utc
  readonly endpoint: {
    readonly url: string
    readonly headers: Readonly<Record<string, string>>
    readonly secrets: WebhookSecret.LiveSecrets
  }
}

/** A claimed delivery that cannot be sent: what of it could not be read (safe for the delivery log). */
export interface UnreadableDelivery extends Claim {
  readonly _tag: "Unreadable"
  readonly unreadable: "message" | "secrets"
}

export type Claimed = ClaimedDelivery | UnreadableDelivery

/** What one attempt to send a delivery gave. */
export interface Attempt {
  readonly at: DateTime.Utc
  readonly status?: number
  readonly durationMs: number
  readonly responseSnippet?: string
  readonly error?: string
}

/** One attempt to record, and how its delivery goes on. */
export interface Finished {
  readonly tenantId: TenantId
  readonly deliveryId: Webhook.DeliveryId
  readonly endpointId: Webhook.WebhookEndpointId
  /** The worker holding the lease; the attempt is recorded only while it still does. */
  readonly owner: string
  readonly attempt: Attempt
  readonly next: DeliveryOutcome.Next
}

/** The deliveries workers share. Store failures are defects: the worker logs them and tries again later. */
export class DeliveryQueue extends Context.Service<
  DeliveryQueue,
  {
    /** Fans out up to `limit` outbox messages into deliveries; returns how many messages it fanned out. */
    readonly fanOut: (limit: number) => Effect.Effect<number>
    /** Claims up to `limit` due deliveries for `owner` with a lease of `leaseMillis`, counting the attempt each starts. */
    readonly claim: (options: {
      readonly owner: string
      readonly limit: number
      readonly leaseMillis: number
    }) => Effect.Effect<ReadonlyArray<Claimed>>
    /**
     * Records attempts and how their deliveries go on (`Gone` also disables the endpoint); returns, in order, whether
     * each was recorded: false when its lease was lost to another worker, and then nothing of it is written.
     */
    readonly record: (attempts: ReadonlyArray<Finished>) => Effect.Effect<ReadonlyArray<boolean>>
    /**
     * A live worker's heartbeat: extends by `leaseMillis` the leases `owner` holds on the deliveries it is sending
     * (`held`), and gives back, uncounting their attempts, its other leases: claims whose answer it never got and
     * deliveries whose attempt it could not record, which would otherwise stay out of every worker's reach.
     */
    readonly keepLeases: (options: {
      readonly owner: string
      readonly held: ReadonlyArray<Webhook.DeliveryId>
      readonly leaseMillis: number
    }) => Effect.Effect<void>
    /** Gives back the leases of deliveries `owner` has not sent, uncounting their attempts (a worker stopping). */
    readonly releaseLeases: (owner: string) => Effect.Effect<void>
    /** Milliseconds until the next claimable delivery is due (0: now), or undefined when none is pending. */
    readonly nextDueIn: Effect.Effect<number | undefined>
    /**
     * Calls `onNewWork` whenever messages or deliveries may have arrived, until the scope closes (also after a lost
     * connection to the store comes back, since what arrived meanwhile was not announced).
     */
    readonly onNewWork: (onNewWork: () => void) => Effect.Effect<void, never, Scope.Scope>
  }
>()("@patron/domain/DeliveryQueue") {}
