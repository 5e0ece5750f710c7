/**
 * When a failed webhook delivery is tried again (PRODUCT.md §6): after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h by
 * default (configurable), spread by ±10 % jitter so retries to one receiver do not arrive in lockstep, and never sooner
 * than the receiver's `Retry-After`. After the last scheduled retry the delivery has failed.
 */
import { DateTime, Option, Result, Schema } from "effect"

/** The delays between attempts in milliseconds: entry n is the wait after the (n+1)-th attempt failed. */
export type Schedule = ReadonlyArray<number>

/** The default schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (eight attempts in all). */
export const defaultSchedule: Schedule = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]

/** The longest wait a receiver's `Retry-After` can impose. */
export const maxRetryAfterMillis = 24 * 60 * 60 * 1000

/** How far jitter moves a delay either way, as a fraction of it. */
export const jitterFraction = 0.1

const unitMillis = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const
const entryPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/

/** A retry schedule setting could not be read. */
export class RetryScheduleInvalid extends Schema.TaggedError<RetryScheduleInvalid>()("RetryScheduleInvalid", {
  schedule: Schema.String,
  entry: Schema.String
}) {
  override get message() {
    return `retry schedule "${this.schedule}" has an invalid entry "${this.entry}": expected a duration such as 5s, 30m or 2h (units ms, s, m, h, d)`
  }
}

/** Reads a schedule such as `5s,5m,30m,2h,5h,10h,10h` into delays in milliseconds. */
export const parseSchedule = (text: string): Result.Result<Schedule, RetryScheduleInvalid> => {
  const delays: Array<number> = []
  for (const raw of text.split(",")) {
    const entry = raw.trim()
    const match = entryPattern.exec(entry)
    if (match === null) return Result.fail(new RetryScheduleInvalid({ schedule: text, entry }))
    delays.push(Math.round(Number(match[1]) * unitMillis[match[2] as keyof typeof unitMillis]))
  }
  return Result.succeed(delays)
}

/** When to try a delivery again after `attempt` attempts failed; None when the schedule is spent (the delivery failed). */
export const nextAttemptAt = (options: {
  /** Attempts made so far, at least 1. */
  readonly attempt: number
  readonly now: DateTime.Utc
  readonly schedule: Schedule
  /** The wait the receiver asked for with `Retry-After`, in milliseconds. */
  readonly retryAfter?: number | undefined
  /** A random number in [0, 1) from the caller; 0.5 keeps the scheduled delay. */
  readonly jitter: number
}): Option.Option<DateTime.Utc> => {
  const delay = options.schedule[options.attempt - 1]
  if (delay === undefined || options.attempt < 1) return Option.none()
  const jittered = delay * (1 + (options.jitter * 2 - 1) * jitterFraction)
  const requested = Math.min(Math.max(options.retryAfter ?? 0, 0), maxRetryAfterMillis)
  return Option.some(DateTime.add(options.now, { milliseconds: Math.round(Math.max(jittered, requested)) }))
}

/** The wait a `Retry-After` header asks for in milliseconds, from delay seconds or an HTTP date; None if unreadable. */
export const parseRetryAfter = (headerValue: string, now: DateTime.Utc): Option.Option<number> => {
  const value = headerValue.trim()
  if (/^\d+$/.test(value)) return Option.some(Number(value) * 1000)
  // HTTP dates name a weekday or month; requiring letters keeps lenient date parsing from reading plain numbers.
  if (!/[A-Za-z]{3}/.test(value)) return Option.none()
  return Option.map(DateTime.make(value), (at) => Math.max(0, DateTime.toEpochMillis(at) - DateTime.toEpochMillis(now)))
}
