/**
 * One attempt at a claimed delivery: the Standard Webhooks request built from the stored message and the endpoint's
 * live secrets, sent, judged by DeliveryOutcome, and recorded (see Recorder) under the worker's lease.
 */
import type { Deliveries } from "@patron/db"
import { DeliveryOutcome, type RetrySchedule, WebhookSecret } from "@patron/domain"
import { DateTime, Effect, Random, Schema } from "effect"
import type { Sender, Sent } from "./Sender.ts"
import * as Signing from "./Signing.ts"

/** The JSON body of a delivery: `{ type, timestamp, data }`, from the message as the outbox stores it. */
export const body = (delivery: Deliveries.ClaimedDelivery): string => {
  const message = delivery.payload as { readonly type: string; readonly data: unknown }
  return JSON.stringify({ type: message.type, timestamp: delivery.occurredAt.toISOString(), data: message.data })
}

/** The headers of an attempt: the endpoint's own, then the signature headers. */
export const headers = (delivery: Deliveries.ClaimedDelivery, text: string, now: DateTime.Utc) =>
  Effect.map(Schema.decodeUnknownEffect(WebhookSecret.LiveSecrets)(delivery.endpoint.secrets), (secrets) => ({
    ...delivery.endpoint.headers,
    ...Signing.headers({
      messageId: delivery.messageId,
      timestampSeconds: Math.floor(DateTime.toEpochMillis(now) / 1000),
      body: text,
      secrets: WebhookSecret.liveSecrets(secrets, now)
    })
  }))

const responseOf = (sent: Sent): DeliveryOutcome.Response =>
  sent.status === undefined
    ? { _tag: "NoAnswer", error: sent.error ?? "no answer" }
    : { _tag: "Answered", status: sent.status, retryAfter: sent.retryAfter }

const attemptOf = (sent: Sent): Deliveries.Attempt => ({
  at: sent.at,
  durationMs: sent.durationMs,
  ...(sent.status === undefined ? {} : { status: sent.status }),
  ...(sent.responseSnippet === undefined ? {} : { responseSnippet: sent.responseSnippet }),
  ...(sent.error === undefined ? {} : { error: sent.error })
})

/** Sends a claimed delivery once and records how it went; the outcome, or "LeaseLost" when another worker took it. */
export const attempt = (
  delivery: Deliveries.ClaimedDelivery,
  options: {
    readonly owner: string
    readonly sender: Sender
    readonly schedule: RetrySchedule.Schedule
    /** How the attempt is written (batched by the Recorder); false when the lease was lost. */
    readonly record: (item: Deliveries.Finished) => Effect.Effect<boolean>
  }
) =>
  Effect.gen(function* () {
    const finish = (attempt: Deliveries.Attempt, next: DeliveryOutcome.Next) =>
      Effect.map(
        options.record({
          tenantId: delivery.tenantId,
          deliveryId: delivery.id,
          endpointId: delivery.endpointId,
          owner: options.owner,
          attempt,
          next
        }),
        (recorded) => (recorded ? next._tag : ("LeaseLost" as const))
      )
    if (delivery.attemptInRound > DeliveryOutcome.maxAttempts(options.schedule)) {
      const error = "not sent: its earlier attempts used up the retry schedule (they were interrupted)"
      return yield* finish({ at: new Date(), durationMs: 0, error }, { _tag: "Failed" })
    }
    const text = body(delivery)
    const signed = yield* headers(delivery, text, yield* DateTime.now)
    const sent = yield* Effect.promise(() => options.sender.send(delivery.endpoint.url, signed, text))
    if (sent.errorDetail !== undefined) {
      // The delivery log keeps the generic reason; the detail (how a name resolved, which address) stays here.
      yield* Effect.logWarning(`delivery ${delivery.id} got no answer: ${sent.errorDetail}`).pipe(
        Effect.annotateLogs({ deliveryId: delivery.id, endpointId: delivery.endpointId, reason: sent.error })
      )
    }
    const next = DeliveryOutcome.decide({
      response: responseOf(sent),
      attempt: delivery.attemptInRound,
      schedule: options.schedule,
      now: yield* DateTime.now,
      jitter: yield* Random.next
    })
    return yield* finish(attemptOf(sent), next)
  }).pipe(Effect.orDie)
