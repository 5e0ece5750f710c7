import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as Customer from "./Customer.ts"
import * as Ids from "./Ids.ts"

describe("Ids.Ids", () => {
  it.effect("makes prefixed ids that sort by creation time", () =>
    Effect.gen(function* () {
      const ids = yield* Ids.Ids
      yield* TestClock.setTime(Date.parse("2026-11-24T12:00:00Z"))
      const first = yield* ids.make("customer")
      yield* TestClock.adjust(1)
      const second = yield* ids.make("customer")
      assert.match(first, /^cus_[0-9A-HJKMNP-TV-Z]{26}$/)
      assert.isTrue(first < second)
      assert.isTrue(Schema.is(Customer.CustomerId)(first))
    }).pipe(Effect.provide(Ids.Ids.layer))
  )

  it.effect("makes distinct ids within one millisecond", () =>
    Effect.gen(function* () {
      const ids = yield* Ids.Ids
      const made = yield* Effect.forEach(Array.from({ length: 1000 }), () => ids.make("order"))
      assert.strictEqual(new Set(made).size, 1000)
    }).pipe(Effect.provide(Ids.Ids.layer))
  )

  it.effect("can be fixed for tests: the sequential layer counts", () =>
    Effect.gen(function* () {
      const ids = yield* Ids.Ids
      assert.strictEqual(yield* ids.make("customer"), "cus_00000000000000000000000001")
      assert.strictEqual(yield* ids.make("order"), "ord_00000000000000000000000002")
    }).pipe(Effect.provide(Ids.Ids.layerSequential))
  )

  it("refuses an id of another kind", () => {
    assert.isFalse(Schema.is(Customer.CustomerId)("ord_00000000000000000000000001"))
    assert.isFalse(Schema.is(Customer.CustomerId)("cus_short"))
  })
})

describe("Ids.ulid", () => {
  it("encodes the time in the first ten characters", () => {
    assert.strictEqual(
      Ids.ulid(
        0,
        Array.from({ length: 16 }, () => 0)
      ),
      "00000000000000000000000000"
    )
    assert.strictEqual(
      Ids.ulid(
        1469918176385,
        Array.from({ length: 16 }, () => 31)
      ).slice(0, 10),
      "01ARYZ6S41"
    )
  })
})
