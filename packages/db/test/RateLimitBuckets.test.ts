/**
 * The shared rate-limit buckets on each driver: a lease gets what it asks when the bucket holds it, the bucket's
 * whole calls when they cover what it needs, else nothing; concurrent leases never take more than the bucket holds;
 * the bucket refills at its rate.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as RateLimitBuckets from "../src/RateLimitBuckets.ts"
import { drivers } from "./databases.ts"

let tokens = 0
const freshToken = () => `pat_bucket_${Date.now()}_${tokens++}`

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`RateLimitBuckets on ${driver.name}`, () => {
    it.live("leases what is asked, then what is left when it covers the need, then nothing", () =>
      Effect.gen(function* () {
        const token = freshToken()
        // 60 a minute: one a second, too slow to matter within the test.
        const first = yield* RateLimitBuckets.lease(token, 60, 50, 1)
        assert.strictEqual(first.granted, 50)
        assert.approximately(first.available, 10, 0.5)
        const rest = yield* RateLimitBuckets.lease(token, 60, 50, 5)
        assert.strictEqual(rest.granted, 10)
        const none = yield* RateLimitBuckets.lease(token, 60, 50, 5)
        assert.strictEqual(none.granted, 0)
        assert.isBelow(none.available, 5)
        const other = yield* RateLimitBuckets.lease(freshToken(), 60, 5, 5)
        assert.strictEqual(other.granted, 5, "every token has its own bucket")
      }).pipe(Effect.provide(driver.layer()))
    )

    it.live("never grants more than the bucket holds to concurrent leases", () =>
      Effect.gen(function* () {
        const token = freshToken()
        const leases = yield* Effect.all(
          Array.from({ length: 60 }, () => RateLimitBuckets.lease(token, 20, 1, 1)),
          { concurrency: 20 }
        )
        const granted = leases.reduce((sum, lease) => sum + lease.granted, 0)
        // 20 in the bucket, and a third of a call a second of refill while the leases run.
        assert.isAtLeast(granted, 20)
        assert.isAtMost(granted, 21)
      }).pipe(Effect.provide(driver.layer()))
    )

    it.live("refills at perMinute / 60 a second", () =>
      Effect.gen(function* () {
        const token = freshToken()
        assert.strictEqual((yield* RateLimitBuckets.lease(token, 6000, 6000, 6000)).granted, 6000)
        yield* Effect.sleep("300 millis")
        // 100 a second: about 30 back after 300 ms.
        const refilled = yield* RateLimitBuckets.lease(token, 6000, 1000, 1)
        assert.isAtLeast(refilled.granted, 25)
        assert.isAtMost(refilled.granted, 60)
      }).pipe(Effect.provide(driver.layer()))
    )
  })
}
