import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Option, Result } from "effect"
import * as Decimal from "./Decimal.ts"
import * as Usage from "./Usage.ts"
import * as Validation from "./Validation.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const contractId = "sub_01JBZ0000000000000000000AA"
const acceptance: Usage.Acceptance = {
  meteredVariables: ["api-calls", "storage"],
  period: { start: DateTime.makeUnsafe("2026-11-01T00:00:00Z"), end: DateTime.makeUnsafe("2026-12-01T00:00:00Z") }
}
const id = "use_01JBZ0000000000000000000AA" as Usage.UsageRecordId
const decode = (input: unknown) => Effect.runSync(Validation.decode(Usage.RecordInput)(input))
const input = decode({ contractId, meteredVariable: "api-calls", quantity: "12.5", idempotencyKey: "req-1" })

describe("Usage.make", () => {
  it("records the usage at the current time when occurredAt is absent", () => {
    const record = Result.getOrThrow(Usage.make(input, acceptance, { id, now }))
    assert.isTrue(DateTime.Equivalence(record.occurredAt, now))
    assert.strictEqual(Decimal.format(record.quantity), "12.5")
  })

  it.each([
    ["an unknown metered variable", { meteredVariable: "minutes" }, "meteredVariable"],
    ["a time in the future", { occurredAt: "2026-11-24T12:00:01Z" }, "occurredAt"],
    ["a time before the current period", { occurredAt: "2026-10-31T23:59:59Z" }, "occurredAt"]
  ])("refuses %s, naming the field", (_, change, field) => {
    const result = Usage.make(
      decode({ contractId, meteredVariable: "api-calls", quantity: "1", idempotencyKey: "k", ...change }),
      acceptance,
      { id, now }
    )
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result))
      assert.deepStrictEqual(
        result.failure.issues.map((i) => i.path),
        [[field]]
      )
  })

  it("refuses a negative quantity and an empty idempotency key when decoding", () => {
    const error = Effect.runSync(
      Validation.decode(Usage.RecordInput)({
        contractId,
        meteredVariable: "api-calls",
        quantity: "-1",
        idempotencyKey: ""
      }).pipe(Effect.flip)
    )
    assert.deepStrictEqual(
      error.issues.map((i) => i.path.join(".")),
      ["quantity", "idempotencyKey"]
    )
  })

  it("allows at most 1,000 records in a batch", () => {
    const records = Array.from({ length: 1001 }, (_, i) => ({
      contractId,
      meteredVariable: "a",
      quantity: "1",
      idempotencyKey: `k${i}`
    }))
    const error = Effect.runSync(Validation.decode(Usage.BatchInput)({ records }).pipe(Effect.flip))
    assert.strictEqual(error.issues[0]?.message, "must hold 1 to 1000 records")
  })
})

describe("Usage.decide", () => {
  const stored = Result.getOrThrow(Usage.make(input, acceptance, { id, now }))

  it("records anew when the key is unused", () => {
    assert.deepStrictEqual(Result.getOrThrow(Usage.decide(Option.none(), input)), { _tag: "New" })
  })

  it("replays the original record for the same key and payload", () => {
    const same = decode({ contractId, meteredVariable: "api-calls", quantity: "12.50", idempotencyKey: "req-1" })
    const decision = Result.getOrThrow(Usage.decide(Option.some(stored), same))
    assert.strictEqual(decision._tag, "Replay")
  })

  it("refuses the same key with another payload", () => {
    const other = decode({ contractId, meteredVariable: "api-calls", quantity: "13", idempotencyKey: "req-1" })
    const result = Usage.decide(Option.some(stored), other)
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.strictEqual(result.failure.message, "idempotency key req-1 was already used for a different usage record")
    }
  })
})
