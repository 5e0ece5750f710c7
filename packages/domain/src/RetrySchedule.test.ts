import { assert, describe, it } from "@effect/vitest"
import { DateTime, Option, Result, Schema } from "effect"
import * as RetrySchedule from "./RetrySchedule.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const delayOf = (next: Option.Option<DateTime.Utc>) =>
  Option.map(next, (at) => DateTime.toEpochMillis(at) - DateTime.toEpochMillis(now))

const Attempt = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 7 }))
const Jitter = Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 0.999999 }))
const RetryAfter = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 2 * 24 * 60 * 60 * 1000 }))

describe("RetrySchedule.parseSchedule", () => {
  const valid: ReadonlyArray<readonly [string, RetrySchedule.Schedule]> = [
    ["5s,5m,30m,2h,5h,10h,10h", RetrySchedule.defaultSchedule],
    ["250ms", [250]],
    [" 1s , 2s ", [1_000, 2_000]],
    ["1.5h,1d", [5_400_000, 86_400_000]],
    ["0s", [0]]
  ]
  for (const [text, schedule] of valid) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepStrictEqual(RetrySchedule.parseSchedule(text), Result.succeed(schedule))
    })
  }

  const invalid: ReadonlyArray<readonly [string, string]> = [
    ["5s,5x,30m", "5x"],
    ["5s,,30m", ""],
    ["", ""],
    ["5", "5"],
    ["-5s", "-5s"],
    ["5 s", "5 s"],
    ["5S", "5S"],
    ["5s,10h,", ""]
  ]
  for (const [text, entry] of invalid) {
    it(`refuses ${JSON.stringify(text)} naming the entry ${JSON.stringify(entry)}`, () => {
      const result = RetrySchedule.parseSchedule(text)
      assert.isTrue(Result.isFailure(result))
      if (Result.isFailure(result)) {
        assert.strictEqual(result.failure.entry, entry)
        assert.include(result.failure.message, `invalid entry "${entry}"`)
        assert.include(result.failure.message, "units ms, s, m, h, d")
      }
    })
  }
})

describe("RetrySchedule.defaultSchedule", () => {
  it("never shortens the wait from one retry to the next", () => {
    const delays = RetrySchedule.defaultSchedule
    assert.isTrue(delays.every((delay, i) => i === 0 || delay >= (delays[i - 1] ?? 0)))
  })
})

describe("RetrySchedule.nextAttemptAt", () => {
  const schedule = RetrySchedule.defaultSchedule

  it("waits the scheduled delay when the jitter is centred", () => {
    assert.deepStrictEqual(
      delayOf(RetrySchedule.nextAttemptAt({ attempt: 1, now, schedule, jitter: 0.5 })),
      Option.some(5_000)
    )
    assert.deepStrictEqual(
      delayOf(RetrySchedule.nextAttemptAt({ attempt: 7, now, schedule, jitter: 0.5 })),
      Option.some(36_000_000)
    )
  })

  it("gives up after the last scheduled retry, so the delivery is failed", () => {
    assert.isTrue(Option.isNone(RetrySchedule.nextAttemptAt({ attempt: 8, now, schedule, jitter: 0.5 })))
    assert.isTrue(Option.isNone(RetrySchedule.nextAttemptAt({ attempt: 1, now, schedule: [], jitter: 0.5 })))
  })

  it("waits as long as Retry-After asks when that is longer, up to a day", () => {
    const asked = RetrySchedule.nextAttemptAt({ attempt: 1, now, schedule, jitter: 0.5, retryAfter: 120_000 })
    assert.deepStrictEqual(delayOf(asked), Option.some(120_000))
    const capped = RetrySchedule.nextAttemptAt({ attempt: 1, now, schedule, jitter: 0.5, retryAfter: 10 ** 10 })
    assert.deepStrictEqual(delayOf(capped), Option.some(RetrySchedule.maxRetryAfterMillis))
  })

  it.prop(
    "stays within ±10 % of the scheduled delay unless Retry-After asks for longer",
    [Attempt, Jitter, RetryAfter],
    ([attempt, jitter, retryAfter]) => {
      const scheduled = schedule[attempt - 1] ?? 0
      const delay = Option.getOrThrow(
        delayOf(RetrySchedule.nextAttemptAt({ attempt, now, schedule, jitter, retryAfter }))
      )
      const withinJitter = delay >= Math.floor(scheduled * 0.9) && delay <= Math.ceil(scheduled * 1.1)
      const honoursRetryAfter = delay >= Math.min(retryAfter, RetrySchedule.maxRetryAfterMillis)
      return retryAfter > scheduled ? honoursRetryAfter : withinJitter && honoursRetryAfter
    }
  )

  it.prop("without jitter, never shortens the wait as attempts go on", [Attempt], ([attempt]) => {
    const wait = (n: number) => delayOf(RetrySchedule.nextAttemptAt({ attempt: n, now, schedule, jitter: 0.5 }))
    const next = wait(attempt + 1)
    return Option.isNone(next) || Option.getOrThrow(next) >= Option.getOrThrow(wait(attempt))
  })
})

describe("RetrySchedule.parseRetryAfter", () => {
  const table: ReadonlyArray<readonly [string, Option.Option<number>]> = [
    ["120", Option.some(120_000)],
    [" 0 ", Option.some(0)],
    ["Tue, 24 Nov 2026 12:05:00 GMT", Option.some(300_000)],
    ["Tue, 24 Nov 2026 11:00:00 GMT", Option.some(0)],
    ["-5", Option.none()],
    ["1.5", Option.none()],
    ["soon", Option.none()],
    ["", Option.none()]
  ]
  for (const [header, wait] of table) {
    it(`reads ${JSON.stringify(header)}`, () => {
      assert.deepStrictEqual(RetrySchedule.parseRetryAfter(header, now), wait)
    })
  }
})
