import { assert, describe, it } from "@effect/vitest"
import { DateTime } from "effect"
import * as DeliveryOutcome from "./DeliveryOutcome.ts"
import * as RetrySchedule from "./RetrySchedule.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const schedule = RetrySchedule.defaultSchedule
const decide = (response: DeliveryOutcome.Response, attempt = 1) =>
  DeliveryOutcome.decide({ response, attempt, schedule, now, jitter: 0.5 })
const answered = (status: number, retryAfter?: string): DeliveryOutcome.Response => ({
  _tag: "Answered",
  status,
  retryAfter
})

describe("DeliveryOutcome.decide", () => {
  for (const status of [200, 201, 204, 299]) {
    it(`${status} succeeded`, () => assert.deepStrictEqual(decide(answered(status)), { _tag: "Succeeded" }))
  }

  it("410 Gone disables the endpoint, whatever attempt it was", () => {
    assert.deepStrictEqual(decide(answered(410)), { _tag: "Gone" })
    assert.deepStrictEqual(decide(answered(410), 8), { _tag: "Gone" })
  })

  const retried: ReadonlyArray<DeliveryOutcome.Response> = [
    answered(301),
    answered(400),
    answered(404),
    answered(500),
    answered(503),
    { _tag: "NoAnswer", error: "connect ECONNREFUSED 127.0.0.1:9" }
  ]
  for (const response of retried) {
    it(`retries ${response._tag === "Answered" ? response.status : "a network error"} on the schedule`, () => {
      assert.deepStrictEqual(decide(response, 1), { _tag: "Retry", afterMillis: 5_000 })
      assert.deepStrictEqual(decide(response, 2), { _tag: "Retry", afterMillis: 300_000 })
    })
  }

  it("fails after the last scheduled attempt", () => {
    assert.strictEqual(DeliveryOutcome.maxAttempts(schedule), 8)
    assert.deepStrictEqual(decide(answered(500), 7), { _tag: "Retry", afterMillis: 36_000_000 })
    assert.deepStrictEqual(decide(answered(500), 8), { _tag: "Failed" })
  })

  it("honours Retry-After in seconds or as a date on 429 and 503", () => {
    assert.deepStrictEqual(decide(answered(429, "120")), { _tag: "Retry", afterMillis: 120_000 })
    assert.deepStrictEqual(decide(answered(503, "Tue, 24 Nov 2026 12:10:00 GMT")), {
      _tag: "Retry",
      afterMillis: 600_000
    })
  })

  it("never retries sooner than the schedule, and ignores Retry-After on other statuses or when unreadable", () => {
    assert.deepStrictEqual(decide(answered(429, "1")), { _tag: "Retry", afterMillis: 5_000 })
    assert.deepStrictEqual(decide(answered(500, "120")), { _tag: "Retry", afterMillis: 5_000 })
    assert.deepStrictEqual(decide(answered(503, "soon")), { _tag: "Retry", afterMillis: 5_000 })
  })

  it("spreads retries by the jitter", () => {
    const at = (jitter: number) =>
      DeliveryOutcome.decide({ response: answered(500), attempt: 1, schedule, now, jitter })
    assert.deepStrictEqual(at(0), { _tag: "Retry", afterMillis: 4_500 })
    assert.deepStrictEqual(at(0.999), { _tag: "Retry", afterMillis: 5_499 })
  })
})
