/**
 * Usage at the largest quantity an input admits (18 digits before the point, 9 after), recorded many times on the real
 * database: PostgreSQL sums it as `numeric`, and the summary prices, forecasts and encodes totals far past 18 digits.
 * A record stored before the bounds, past them, no longer breaks its contract's summary.
 */
import { assert, describe, layer } from "@effect/vitest"
import {
  Currency,
  Customers,
  Decimal,
  Ids,
  SubscriptionContract,
  SubscriptionContracts,
  Tenant,
  Usage,
  UsageRecords,
  UsageRepository,
  UsageSummary,
  Validation
} from "@patron/domain"
import { Samples } from "@patron/domain/testing"
import { BigDecimal, Effect, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import * as OrderRepositoryLive from "../src/OrderRepository.ts"
import * as OutboxLive from "../src/Outbox.ts"
import * as SubscriptionContractRepositoryLive from "../src/SubscriptionContractRepository.ts"
import * as Tenants from "../src/Tenants.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import * as UsageRepositoryLive from "../src/UsageRepository.ts"
import { newTenant } from "./contracts/samples.ts"
import { drivers } from "./databases.ts"

const largestQuantity = "999999999999999999.999999999"
const largestUnitPrice = "999999999999999999.999999999999"
const records = 1000

const asNewTenant = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const id = yield* Tenants.ensure({ id: newTenant(), name: `tenant ${Math.random()}` })
    return yield* Effect.provideService(effect, Tenant.CurrentTenant, { id })
  })

for (const driver of await drivers()) {
  const adapters = Layer.mergeAll(
    CustomerRepositoryLive.layer,
    OrderRepositoryLive.layer,
    SubscriptionContractRepositoryLive.layer,
    UsageRepositoryLive.layer,
    OutboxLive.layer,
    TransactionsLive.layer
  ).pipe(Layer.provideMerge(driver.layer()), Layer.merge(Ids.Ids.layer))

  describe.skipIf(driver.skip !== undefined)(`usage at the limit on ${driver.name}`, () => {
    layer(adapters, { timeout: "120 seconds" })((it) => {
      it.effect(`summarizes ${records} records of the largest quantity priced at the largest unit price`, () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(Date.parse("2026-11-01T00:00:00Z"))
          const customer = yield* Customers.create({ firstName: "Ada", lastName: "Lovelace" })
          const contract = yield* SubscriptionContracts.create(
            yield* Validation.decode(SubscriptionContract.CreateInput)({
              customerId: customer.id,
              ...Samples.meteredPlan({ tiers: [{ threshold: "0", unitPrice: largestUnitPrice }] })
            })
          )
          yield* TestClock.setTime(Date.parse("2026-11-11T00:00:00Z"))
          // Spread over the ten days so far, so the forecast fits a series of day totals near 10^20.
          const batch = yield* Validation.decode(Usage.BatchInput)({
            records: Array.from({ length: records }, (_, i) => ({
              contractId: contract.id,
              meteredVariable: "calls",
              quantity: largestQuantity,
              idempotencyKey: `k${i}`,
              occurredAt: new Date(Date.parse("2026-11-01T00:00:00Z") + (i % 10) * 86_400_000 + 1).toISOString()
            }))
          })
          yield* UsageRecords.recordBatch(batch)
          // One digit more is refused before it reaches the database.
          const past = yield* Effect.flip(
            Validation.decode(Usage.RecordInput)({
              contractId: contract.id,
              meteredVariable: "calls",
              quantity: `9${largestQuantity}`,
              idempotencyKey: "past"
            })
          )
          assert.deepStrictEqual(past.issues, [
            { path: ["quantity"], message: "must have at most 18 digits before the point and 9 after" }
          ])

          const summary = UsageSummary.toJson(yield* UsageRecords.summary({ contractId: contract.id }))
          const total = BigDecimal.multiply(
            BigDecimal.fromStringUnsafe(largestQuantity),
            BigDecimal.fromNumberUnsafe(records)
          )
          const variable = summary.variables[0]
          assert.strictEqual(variable?.quantity, "999999999999999999999.999999")
          assert.strictEqual(variable?.quantity, Decimal.format(total))
          // The price rounded to the cent, as every amount of a summary is (Currency.amount).
          assert.strictEqual(
            variable?.price,
            Decimal.formatAtScale(
              Currency.amount(BigDecimal.multiply(total, BigDecimal.fromStringUnsafe(largestUnitPrice)), "EUR")
            )
          )
          assert.strictEqual(variable?.daily.length, 10)
          assert.strictEqual(variable?.daily[0]?.quantity, "99999999999999999999.9999999")
          const p50 = BigDecimal.fromStringUnsafe(variable?.forecast.quantity?.p50 ?? "0")
          assert.isTrue(BigDecimal.isGreaterThanOrEqualTo(p50, total), "the forecast is at least what was used")
        }).pipe(asNewTenant)
      )

      it.effect("answers the summary of a contract holding a 999-digit record stored before the bounds", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(Date.parse("2026-11-01T00:00:00Z"))
          const tenant = (yield* Tenant.CurrentTenant).id
          const customer = yield* Customers.create({ firstName: "Ada", lastName: "Lovelace" })
          const contract = yield* SubscriptionContracts.create(
            yield* Validation.decode(SubscriptionContract.CreateInput)({
              customerId: customer.id,
              ...Samples.meteredPlan({ tiers: [{ threshold: "0", unitPrice: "20" }] })
            })
          )
          yield* TestClock.setTime(Date.parse("2026-11-11T00:00:00Z"))
          // Written straight through the port, as the API let it through before quantities were bounded.
          const huge = "9".repeat(999)
          yield* (yield* UsageRepository).insert(
            tenant,
            Schema.decodeUnknownSync(Usage.UsageRecord)({
              id: (yield* (yield* Ids.Ids).make("usageRecord")) as string,
              contractId: contract.id,
              meteredVariable: "calls",
              quantity: huge,
              idempotencyKey: "before-the-bounds",
              occurredAt: "2026-11-05T00:00:00.000Z",
              recordedAt: "2026-11-05T00:00:00.000Z"
            })
          )
          const summary = UsageSummary.toJson(yield* UsageRecords.summary({ contractId: contract.id }))
          assert.strictEqual(summary.variables[0]?.quantity, huge)
          // 20 × (10^999 − 1) + 10: past the 1,000 characters an amount was once limited to on the wire.
          assert.strictEqual(summary.total, `1${"9".repeat(998)}90.00`)
        }).pipe(asNewTenant)
      )
    })
  })
}
