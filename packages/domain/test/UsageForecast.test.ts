/**
 * The forecast of `UsageRecords.summary` early in a period (Patron issue 13): held back with its reason in a
 * contract's first period, leaning on the previous period's total in later ones.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Decimal from "../src/Decimal.ts"
import * as SubscriptionContract from "../src/SubscriptionContract.ts"
import * as Samples from "../src/testing/Samples.ts"
import * as Usage from "../src/Usage.ts"
import * as UsageSummary from "../src/UsageSummary.ts"
import * as Customers from "../src/usecases/Customers.ts"
import * as SubscriptionContracts from "../src/usecases/SubscriptionContracts.ts"
import * as UsageRecords from "../src/usecases/UsageRecords.ts"
import * as Validation from "../src/Validation.ts"
import { asTenant, layer, setNow, tenantA } from "./fixtures.ts"

/** A contract activated at `activatedAt`, monthly, metering API calls. */
const contractFrom = (activatedAt: string) =>
  Effect.gen(function* () {
    yield* setNow(activatedAt)
    const customer = yield* Customers.create({ firstName: "Ada", lastName: "Lovelace" })
    return yield* SubscriptionContracts.create(
      yield* Validation.decode(SubscriptionContract.CreateInput)({ customerId: customer.id, ...Samples.meteredPlan() })
    )
  })

const record = (contractId: string, quantity: string, idempotencyKey: string) =>
  Effect.flatMap(
    Validation.decode(Usage.RecordInput)({ contractId, meteredVariable: "calls", quantity, idempotencyKey }),
    UsageRecords.record
  )

const number = (value: Decimal.Decimal | undefined) => Number(value === undefined ? Number.NaN : Decimal.format(value))

describe("UsageRecords.summary early in a period", () => {
  it.effect("holds back the forecast of 42 calls recorded 30 seconds into a contract's first period", () =>
    Effect.gen(function* () {
      const contract = yield* contractFrom("2026-11-01T00:00:00Z")
      yield* setNow("2026-11-01T00:00:30Z")
      yield* record(contract.id, "40", "a")
      yield* record(contract.id, "2", "b")
      const summary = UsageSummary.toJson(yield* UsageRecords.summary({ contractId: contract.id }))
      assert.deepStrictEqual(summary.variables[0]?.forecast, {
        method: "none",
        methodName: "none (held back)",
        confidence: "low",
        quantity: null,
        price: null,
        reason: "too early: 30 seconds of a 30-day period observed and no previous period to go by"
      })
      assert.deepStrictEqual(summary.forecast, { total: null, reason: "the forecast of API calls is held back" })
      assert.strictEqual(summary.variables[0]?.quantity, "42")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("forecasts from the previous period's total 30 seconds into the next period", () =>
    Effect.gen(function* () {
      const contract = yield* contractFrom("2026-10-01T00:00:00Z")
      yield* setNow("2026-10-15T00:00:00Z")
      yield* record(contract.id, "3100", "october")
      yield* setNow("2026-11-01T00:00:30Z")
      yield* record(contract.id, "42", "november")
      const summary = yield* UsageRecords.summary({ contractId: contract.id })
      const forecast = summary.variables[0]?.forecast
      assert.strictEqual(forecast?.method, "previousPeriod")
      assert.strictEqual(forecast?.methodName, "previous period and run rate")
      assert.strictEqual(forecast?.confidence, "low")
      const band = forecast?.quantity ?? undefined
      // October's 100 a day over November's 30 days, nudged by the 42 so far counted as 7 days' worth: about 3,222.
      assert.closeTo(number(band?.p50), 42 + ((42 + 700) / 7) * 30, 1)
      assert.isTrue(number(band?.p10) >= 42 && number(band?.p10) < number(band?.p50))
      assert.isTrue(number(band?.p50) < number(band?.p90))
      assert.isNotNull(summary.forecast.total)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})
