/**
 * What an attempt to send a webhook delivery means for the delivery (PRODUCT.md §6): a 2xx succeeded; `410 Gone`
 * disables the endpoint; anything else (another status, a network error, a timeout, a refused address) is tried again
 * on the retry schedule, no sooner than a 429 or 503's `Retry-After`, until the schedule is spent and it failed.
 */
import { DateTime, Option } from "effect"
import * as RetrySchedule from "./RetrySchedule.ts"
import * as Webhook from "./Webhook.ts"

/** What the receiver answered, or why there was no answer. */
export type Response =
  | { readonly _tag: "Answered"; readonly status: number; readonly retryAfter?: string | undefined }
  | { readonly _tag: "NoAnswer"; readonly error: string }

/** How the delivery goes on. */
export type Next =
  | { readonly _tag: "Succeeded" }
  /** The receiver answered `410 Gone`: this delivery failed and its endpoint is disabled. */
  | { readonly _tag: "Gone" }
  | { readonly _tag: "Retry"; readonly afterMillis: number }
  | { readonly _tag: "Failed" }

/** Statuses whose `Retry-After` is honoured. */
const honoursRetryAfter = (status: number) => status === 429 || status === 503

/** The attempts a round of delivery may make: the first, then one per scheduled retry. */
export const maxAttempts = (schedule: RetrySchedule.Schedule): number => schedule.length + 1

/** Decides how the delivery goes on after its `attempt`-th attempt (counted from 1 in this round) got `response`. */
export const decide = (options: {
  readonly response: Response
  readonly attempt: number
  readonly schedule: RetrySchedule.Schedule
  readonly now: DateTime.Utc
  /** A random number in [0, 1) for the jitter. */
  readonly jitter: number
}): Next => {
  const { response, now } = options
  if (response._tag === "Answered") {
    if (Webhook.isAccepted(response.status)) return { _tag: "Succeeded" }
    if (Webhook.isGone(response.status)) return { _tag: "Gone" }
  }
  const retryAfter =
    response._tag === "Answered" && honoursRetryAfter(response.status) && response.retryAfter !== undefined
      ? Option.getOrUndefined(RetrySchedule.parseRetryAfter(response.retryAfter, now))
      : undefined
  return Option.match(
    RetrySchedule.nextAttemptAt({
      attempt: options.attempt,
      now,
      schedule: options.schedule,
      retryAfter,
      jitter: options.jitter
    }),
    {
      onNone: (): Next => ({ _tag: "Failed" }),
      onSome: (at): Next => ({
        _tag: "Retry",
        afterMillis: DateTime.toEpochMillis(at) - DateTime.toEpochMillis(now)
      })
    }
  )
}
