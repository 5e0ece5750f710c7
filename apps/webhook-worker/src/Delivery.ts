/**
 * One attempt at a claimed delivery: the Standard Webhooks request built from the delivery's event and the endpoint's
 * live secrets, sent, judged by DeliveryOutcome, and recorded (see Recorder) under the worker's lease. A delivery the
 * queue could not read is recorded as failed without being sent.
 */
import { DeliveryOutcome, type DeliveryQueue, type RetrySchedule, WebhookSecret } from "@patron/domain"
import { DateTime, Effect, Random } from "effect"
import type { Sender, Sent } from "./Sender.ts"
import * as Signing from "./Signing.ts"

/**
 * The JSON body of a delivery: `{ type, timestamp, data }`, data as the outbox stored the event (checked by decoding
 * it when claimed) and as read, not encoded again: its objects keep the key order bodies had when the worker sent the
 * outbox's jsonb as read, so a message's bytes did not change when the worker began decoding events.
 */
export const body = (delivery: DeliveryQueue.ClaimedDelivery): string =>
  JSON.stringify({ type: delivery.event.type, timestamp: DateTime.formatIso(delivery.occurredAt), data: delivery.data })

/** The headers of an attempt: the endpoint's own, then the signature headers. */
export const headers = (delivery: DeliveryQueue.ClaimedDelivery, text: string, now: DateTime.Utc) => ({
  ...delivery.endpoint.headers,
  ...Signing.headers({
    messageId: delivery.messageId,
    timestampSeconds: Math.floor(DateTime.toEpochMillis(now) / 1000),
    body: text,
    secrets: WebhookSecret.liveSecrets(delivery.endpoint.secrets, now)
  })
})

/** Why a delivery the queue could not read was not sent (in the delivery log, so nothing of the stored data). */
export const unreadableErrors: Readonly<Record<DeliveryQueue.UnreadableDelivery["unreadable"], string>> = {
  message: "not sent: its stored message is not an event this worker can read",
  secrets: "not sent: its endpoint's stored signing secrets cannot be read"
}

const responseOf = (sent: Sent): DeliveryOutcome.Response =>
  sent.status === undefined
    ? { _tag: "NoAnswer", error: sent.error ?? "no answer" }
    : { _tag: "Answered", status: sent.status, retryAfter: sent.retryAfter }

const attemptOf = (sent: Sent): DeliveryQueue.Attempt => ({
  at: DateTime.fromDateUnsafe(sent.at),
  durationMs: sent.durationMs,
  ...(sent.status === undefined ? {} : { status: sent.status }),
  ...(sent.responseSnippet === undefined ? {} : { responseSnippet: sent.responseSnippet }),
  ...(sent.error === undefined ? {} : { error: sent.error })
})

/** Sends a claimed delivery once and records how it went; the outcome, or "LeaseLost" when another worker took it. */
export const attempt = (
  delivery: DeliveryQueue.Claimed,
  options: {
    readonly owner: string
    readonly sender: Sender
    readonly schedule: RetrySchedule.Schedule
    /** How the attempt is written (batched by the Recorder); false when the lease was lost. */
    readonly record: (item: DeliveryQueue.Finished) => Effect.Effect<boolean>
    /** Wraps the request alone (the worker's per-endpoint limit), so recording the attempt holds no endpoint slot. */
    readonly sending?: <A>(send: Effect.Effect<A>) => Effect.Effect<A>
  }
) =>
  Effect.gen(function* () {
    const finish = (attempt: DeliveryQueue.Attempt, next: DeliveryOutcome.Next) =>
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
    const notSent = (error: string) =>
      Effect.flatMap(DateTime.now, (at) => finish({ at, durationMs: 0, error }, { _tag: "Failed" })).pipe(
        Effect.tap((outcome) => logOutcome(delivery, outcome, { reason: error }))
      )
    if (delivery._tag === "Unreadable") return yield* notSent(unreadableErrors[delivery.unreadable])
    if (delivery.attemptInRound > DeliveryOutcome.maxAttempts(options.schedule)) {
      return yield* notSent("not sent: its earlier attempts used up the retry schedule (they were interrupted)")
    }
    const text = body(delivery)
    // Signed once a slot is free, so the signature's timestamp is the time of sending.
    const send = Effect.flatMap(DateTime.now, (now) =>
      Effect.promise(() => options.sender.send(delivery.endpoint.url, headers(delivery, text, now), text))
    )
    const sent = yield* options.sending === undefined ? send : options.sending(send)
    const next = DeliveryOutcome.decide({
      response: responseOf(sent),
      attempt: delivery.attemptInRound,
      schedule: options.schedule,
      now: yield* DateTime.now,
      jitter: yield* Random.next
    })
    const outcome = yield* finish(attemptOf(sent), next)
    yield* logOutcome(delivery, outcome, {
      reason: sent.status === undefined ? (sent.error ?? "no answer") : `answered ${sent.status}`,
      ...(sent.status === undefined ? {} : { status: sent.status }),
      // The delivery log keeps the generic reason; the detail (how a name resolved, which address) stays here.
      ...(sent.errorDetail === undefined ? {} : { detail: sent.errorDetail }),
      durationMs: Math.round(sent.durationMs),
      ...(next._tag === "Retry" ? { retryInMs: Math.round(next.afterMillis) } : {})
    })
    return outcome
  })

const outcomeMessages = {
  Retry: "webhook delivery attempt failed; it will be retried",
  Failed: "webhook delivery failed: no attempt is left",
  Gone: "webhook delivery failed: the endpoint answered 410 Gone and is disabled",
  LeaseLost: "webhook delivery attempt not recorded: another worker took the delivery over"
} as const

/** One log line for an attempt that did not succeed, with why (`reason`: the status, a timeout, a refusal, …). */
const logOutcome = (
  delivery: DeliveryQueue.Claimed,
  outcome: DeliveryOutcome.Next["_tag"] | "LeaseLost",
  fields: { readonly reason: string } & Readonly<Record<string, unknown>>
) =>
  outcome === "Succeeded"
    ? Effect.void
    : (fields.status === undefined ? Effect.logWarning : Effect.logInfo)(outcomeMessages[outcome], {
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        attempt: delivery.attemptInRound,
        ...fields
      })
