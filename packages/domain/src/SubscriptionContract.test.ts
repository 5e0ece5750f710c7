import { assert, describe, it } from "@effect/vitest"
import { DateTime, Option, Result, Schema } from "effect"
import { at, bounds, create, createJson, id, iso, issuesOf, monthlyPhase, now } from "../test/contractFixtures.ts"
import * as ContractLifecycle from "./ContractLifecycle.ts"
import * as Decimal from "./Decimal.ts"
import * as Period from "./Period.ts"
import * as SubscriptionContract from "./SubscriptionContract.ts"

describe("SubscriptionContract.stateAt", () => {
  // now = 2027-01-31T00:00:00Z
  const rows: ReadonlyArray<
    readonly [string, Partial<Record<"activateAt" | "activeUntil" | "pausedAt", string>>, SubscriptionContract.State]
  > = [
    ["activation in the future", { activateAt: "2027-02-01T00:00:00Z" }, "pendingActivation"],
    ["activated in the past", { activateAt: "2026-01-31T00:00:00Z" }, "active"],
    ["activating exactly now", { activateAt: "2027-01-31T00:00:00Z" }, "active"],
    ["no dates at all", {}, "active"],
    ["paused", { activateAt: "2026-01-31T00:00:00Z", pausedAt: "2027-01-10T00:00:00Z" }, "paused"],
    [
      "ending later",
      { activateAt: "2026-01-31T00:00:00Z", activeUntil: "2027-02-28T00:00:00Z" },
      "pendingDeactivation"
    ],
    ["ended exactly now", { activateAt: "2026-01-31T00:00:00Z", activeUntil: "2027-01-31T00:00:00Z" }, "cancelled"],
    ["ended in the past", { activateAt: "2026-01-31T00:00:00Z", activeUntil: "2026-06-01T00:00:00Z" }, "cancelled"],
    ["paused, then ended", { pausedAt: "2026-03-01T00:00:00Z", activeUntil: "2026-06-01T00:00:00Z" }, "cancelled"],
    [
      "paused, ending later",
      { pausedAt: "2026-03-01T00:00:00Z", activeUntil: "2027-06-01T00:00:00Z" },
      "pendingDeactivation"
    ],
    [
      "cancelled before it began",
      { activateAt: "2027-03-01T00:00:00Z", activeUntil: "2027-01-01T00:00:00Z" },
      "cancelled"
    ],
    [
      "to begin and end later",
      { activateAt: "2027-03-01T00:00:00Z", activeUntil: "2027-04-01T00:00:00Z" },
      "pendingDeactivation"
    ]
  ]

  for (const [name, dates, expected] of rows) {
    it(`is ${expected} when ${name}`, () => {
      const status = Object.fromEntries(Object.entries(dates).map(([key, value]) => [key, at(value)]))
      assert.strictEqual(SubscriptionContract.stateAt(status, now), expected)
    })
  }
})

describe("SubscriptionContract.make", () => {
  it("activates now by default, at version 1, renewing at the end of the first period", () => {
    const contract = create()
    assert.strictEqual(contract.status.state, "active")
    assert.strictEqual(iso(contract.status.activateAt), iso(now))
    assert.deepStrictEqual(bounds(contract.currentPeriod), ["2027-01-31T00:00:00.000Z", "2027-02-28T00:00:00.000Z"])
    assert.strictEqual(iso(contract.status.renewAt), "2027-02-28T00:00:00.000Z")
    assert.strictEqual(contract.version, 1)
    assert.deepStrictEqual(contract.meta, { source: "test" })
  })

  it("is pending activation until a future activateAt, showing its first period", () => {
    const contract = create({ activateAt: "2027-03-15T00:00:00Z" })
    assert.strictEqual(contract.status.state, "pendingActivation")
    assert.deepStrictEqual(bounds(contract.currentPeriod), ["2027-03-15T00:00:00.000Z", "2027-04-15T00:00:00.000Z"])
  })

  it("starts an old contract in the period that holds now", () => {
    const contract = create({ activateAt: "2001-01-31T00:00:00Z" })
    assert.deepStrictEqual(bounds(contract.currentPeriod), ["2027-01-31T00:00:00.000Z", "2027-02-28T00:00:00.000Z"])
    assert.isTrue(Option.isSome(SubscriptionContract.previousPeriod(contract, now)))
  })
})

describe("SubscriptionContract phases", () => {
  const trial = { price: "0", period: 14, unit: "day", meteredVariables: [] }
  const contract = create({ initial: trial })

  it("applies the initial phase for its one period, then the recurring phase from its end", () => {
    const first = SubscriptionContract.activePhase(contract, at("2027-02-13T23:59:59Z"))
    assert.strictEqual(first.name, "initial")
    assert.deepStrictEqual(bounds(first.period), ["2027-01-31T00:00:00.000Z", "2027-02-14T00:00:00.000Z"])
    const second = SubscriptionContract.activePhase(contract, at("2027-02-14T00:00:00Z"))
    assert.strictEqual(second.name, "recurring")
    assert.strictEqual(Decimal.format(second.phase.price), "99.5")
    assert.deepStrictEqual(bounds(second.period), ["2027-02-14T00:00:00.000Z", "2027-03-14T00:00:00.000Z"])
  })

  it("has no previous period in the first one, and the initial one before the first recurring one", () => {
    assert.isTrue(Option.isNone(SubscriptionContract.previousPeriod(contract, at("2027-02-01T00:00:00Z"))))
    const previous = SubscriptionContract.previousPeriod(contract, at("2027-02-20T00:00:00Z"))
    assert.deepStrictEqual(
      Option.map(previous, bounds),
      Option.some(["2027-01-31T00:00:00.000Z", "2027-02-14T00:00:00.000Z"])
    )
  })

  it("renews from the initial phase through the first recurring period", () => {
    const renewed = Result.getOrThrow(ContractLifecycle.renew(contract, at("2027-02-01T00:00:00Z")))
    assert.strictEqual(iso(renewed.status.renewAt), "2027-03-14T00:00:00.000Z")
  })
})

describe("SubscriptionContract.applyPatch", () => {
  const contract = create({ meta: { source: "test", campaign: "spring" } })
  const later = at("2027-02-03T00:00:00Z")
  const patch = (input: unknown) =>
    SubscriptionContract.applyPatch(contract, Schema.decodeUnknownSync(SubscriptionContract.PatchInput)(input), later)

  it("merges item fields and meta, bumps the version and updatedAt", () => {
    const patched = Result.getOrThrow(
      patch({ item: { quantity: 3 }, meta: { set: { tier: "gold" }, unset: ["campaign"] } })
    )
    assert.deepStrictEqual(patched.item, { sku: "pro-monthly", name: "Pro, monthly", quantity: 3 })
    assert.deepStrictEqual(patched.meta, { source: "test", tier: "gold" })
    assert.strictEqual(patched.version, 2)
    assert.strictEqual(iso(patched.updatedAt), iso(later))
  })

  it("adds and removes the initial phase, moving the current period with it", () => {
    const withTrial = Result.getOrThrow(
      patch({ initial: { price: "0", period: 1, unit: "week", meteredVariables: [] } })
    )
    assert.deepStrictEqual(bounds(withTrial.currentPeriod), ["2027-01-31T00:00:00.000Z", "2027-02-07T00:00:00.000Z"])
    const cleared = Result.getOrThrow(SubscriptionContract.applyPatch(withTrial, { initial: null }, later))
    assert.isFalse("initial" in cleared)
    assert.deepStrictEqual(bounds(cleared.currentPeriod), ["2027-01-31T00:00:00.000Z", "2027-02-28T00:00:00.000Z"])
  })

  it("moves the next renewal to the end of the period the new phases make current", () => {
    const weekly = Result.getOrThrow(
      patch({ recurring: { price: "10", period: 1, unit: "week", meteredVariables: [] } })
    )
    assert.deepStrictEqual(bounds(weekly.currentPeriod), ["2027-01-31T00:00:00.000Z", "2027-02-07T00:00:00.000Z"])
    assert.strictEqual(iso(weekly.status.renewAt), "2027-02-07T00:00:00.000Z")
  })

  it("refuses meta that would pass 50 entries", () => {
    const set = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"]))
    const result = patch({ meta: { set } })
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) assert.strictEqual(result.failure.message, "meta: would hold more than 50 entries")
  })
})

describe("SubscriptionContract Schema", () => {
  const json: SubscriptionContract.SubscriptionContractJson = {
    id: "sub_01JBZ0000000000000000000AA",
    customerId: "cus_01JBZ0000000000000000000AA",
    plan: { identifier: "pro", name: "Pro" },
    item: { sku: "pro-monthly", name: "Pro, monthly", quantity: 2 },
    currency: "NOK",
    initial: { price: "0", period: 14, unit: "day", meteredVariables: [] },
    recurring: monthlyPhase as SubscriptionContract.SubscriptionContractJson["recurring"],
    status: { state: "active", activateAt: "2027-01-31T00:00:00.000Z", renewAt: "2027-02-14T00:00:00.000Z" },
    currentPeriod: { start: "2027-01-31T00:00:00.000Z", end: "2027-02-14T00:00:00.000Z" },
    meta: { source: "import" },
    createdAt: "2027-01-31T00:00:00.000Z",
    updatedAt: "2027-01-31T00:00:00.000Z",
    version: 1
  }

  it("decodes the API's JSON into rich values and encodes back the same JSON, prices at the minor unit", () => {
    const contract = Schema.decodeUnknownSync(SubscriptionContract.SubscriptionContract)(json)
    assert.isTrue(DateTime.isDateTime(contract.status.activateAt))
    assert.strictEqual(Decimal.format(contract.recurring.price), "99.5")
    assert.strictEqual(
      Decimal.format(contract.recurring.meteredVariables[0]?.tiers[1]?.unitPrice ?? Decimal.zero),
      "0.01"
    )
    // Written before prices had the minor unit's digits ("99.5"), the contract reads back with them ("99.50").
    const written = SubscriptionContract.toJson(contract)
    const tiers = written.recurring.meteredVariables[0]?.tiers.map((tier) => tier.unitPrice)
    assert.deepStrictEqual(
      [written.initial?.price, written.recurring.price, tiers],
      ["0.00", "99.50", ["0.00", "0.01"]]
    )
    const { initial: _initial, recurring: _recurring, ...rest } = written
    const { initial: _stored, recurring: _storedRecurring, ...storedRest } = json
    assert.deepStrictEqual(rest, storedRest)
    const again = Schema.decodeUnknownSync(SubscriptionContract.SubscriptionContract)(written)
    assert.deepStrictEqual(SubscriptionContract.toJson(again), written)
  })

  it("round-trips a made contract through JSON", () => {
    const contract = create({ initial: { price: "0", period: 14, unit: "day", meteredVariables: [] } })
    const wire = JSON.parse(JSON.stringify(SubscriptionContract.toJson(contract)))
    const decoded = Schema.decodeUnknownSync(SubscriptionContract.SubscriptionContract)(wire)
    assert.deepStrictEqual(SubscriptionContract.toJson(decoded), wire)
    assert.deepStrictEqual(bounds(decoded.currentPeriod), bounds(contract.currentPeriod))
  })

  it("reports each bad field of a create input by its path", () => {
    const issues = issuesOf({
      ...createJson,
      currency: "eur",
      plan: { identifier: "has space", name: "Pro" },
      item: { sku: "pro", name: "Pro", quantity: 0 },
      recurring: {
        ...monthlyPhase,
        period: 0.5,
        unit: "fortnight",
        meteredVariables: [...monthlyPhase.meteredVariables, ...monthlyPhase.meteredVariables]
      },
      activateAt: "not a date"
    })
    assert.deepStrictEqual(issues, [
      "plan.identifier: may hold only letters, digits and _ . -",
      "item.quantity: must be 1 or more",
      "currency: must be an ISO 4217 currency code, like EUR or NOK",
      "recurring.period: must be a whole number",
      "recurring.period: must be from 1 to 1000",
      "recurring.unit: must be one of day, week, month, year",
      "recurring.meteredVariables: metered variable identifiers must be unique: api.calls is repeated",
      'activateAt: must be a date and time in ISO 8601, like "2026-11-01T00:00:00Z"'
    ])
  })

  it("names the field of a bad tier deep inside a phase", () => {
    const tiers = [{ threshold: "-1", unitPrice: "x" }]
    const issues = issuesOf({
      ...createJson,
      recurring: { ...monthlyPhase, meteredVariables: [{ ...monthlyPhase.meteredVariables[0], tiers }] }
    })
    assert.deepStrictEqual(
      issues.map((issue) => issue.split(": ")[0]),
      ["recurring.meteredVariables.0.tiers.0.threshold", "recurring.meteredVariables.0.tiers.0.unitPrice"]
    )
  })

  it("explains a refused transition by the state it met", () => {
    const error = new ContractLifecycle.ContractTransitionInvalid({ id, state: "cancelled", transition: "pause" })
    assert.strictEqual(error.message, "cannot pause a subscription contract that is cancelled")
    assert.strictEqual(
      new SubscriptionContract.SubscriptionContractNotFound({ id }).message,
      `subscription contract ${id} not found`
    )
  })
})

const Millis = Schema.Int.check(Schema.isBetween({ minimum: Date.UTC(1990, 0, 1), maximum: Date.UTC(2060, 0, 1) }))
const Elapsed = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 40 * 366 * 86_400_000 }))
const Terms = Schema.Struct({
  period: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 24 })),
  unit: Period.Unit
})

describe("SubscriptionContract properties", () => {
  it.prop(
    "now always lies in [start, end) of the current period once the contract has begun",
    [Millis, Elapsed, Terms, Schema.NullOr(Terms)],
    ([activate, elapsed, recurring, initial]) => {
      const instant = DateTime.makeUnsafe(activate + elapsed)
      const contract = create({
        activateAt: DateTime.formatIso(DateTime.makeUnsafe(activate)),
        recurring: { ...monthlyPhase, ...recurring },
        ...(initial === null ? {} : { initial: { ...monthlyPhase, ...initial } })
      })
      const current = SubscriptionContract.asOf(contract, instant).currentPeriod
      assert.isTrue(Period.contains(current, instant))
      const previous = SubscriptionContract.previousPeriod(contract, instant)
      if (Option.isSome(previous)) assert.strictEqual(iso(previous.value.end), iso(current.start))
    }
  )

  it.prop(
    "any Schema-valid contract round-trips encode then decode",
    [SubscriptionContract.SubscriptionContract],
    ([contract]) => {
      const json = JSON.parse(JSON.stringify(SubscriptionContract.toJson(contract)))
      const back = Schema.decodeUnknownSync(SubscriptionContract.SubscriptionContract)(json)
      assert.deepStrictEqual(SubscriptionContract.toJson(back), json)
    },
    { arbitrary: { runs: 50, maxDiscards: 100_000, seed: 20270131 } }
  )
})
