import { assert, describe, it } from "@effect/vitest"
import { Effect, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as Decimal from "../src/Decimal.ts"
import * as DomainEvent from "../src/DomainEvent.ts"
import * as Order from "../src/Order.ts"
import * as SubscriptionContract from "../src/SubscriptionContract.ts"
import * as InMemory from "../src/testing/InMemory.ts"
import * as Samples from "../src/testing/Samples.ts"
import * as Usage from "../src/Usage.ts"
import * as Customers from "../src/usecases/Customers.ts"
import * as Orders from "../src/usecases/Orders.ts"
import * as SubscriptionContracts from "../src/usecases/SubscriptionContracts.ts"
import * as UsageRecords from "../src/usecases/UsageRecords.ts"
import * as Validation from "../src/Validation.ts"
import { asTenant, layer, setNow, tenantA, tenantB } from "./fixtures.ts"

const contractInput = (customerId: string) =>
  Validation.decode(SubscriptionContract.CreateInput)({ customerId, ...Samples.meteredPlan() })

const recordInput = (contractId: string, quantity: string, idempotencyKey: string) =>
  Validation.decode(Usage.RecordInput)({ contractId, meteredVariable: "calls", quantity, idempotencyKey })

/** A customer with a contract activated on Nov 1st, an order, and the clock on Nov 11th. */
const setup = Effect.gen(function* () {
  yield* setNow("2026-11-01T00:00:00Z")
  const customer = yield* Customers.create({ firstName: "Ada", lastName: "Lovelace" })
  const contract = yield* SubscriptionContracts.create(yield* contractInput(customer.id))
  const orderInput = {
    customerId: customer.id,
    currency: "EUR",
    items: [{ name: "Setup", quantity: "1", unitPrice: "99" }]
  }
  yield* Orders.create(yield* Validation.decode(Order.CreateInput)(orderInput))
  yield* setNow("2026-11-11T00:00:00Z")
  return { customer, contract }
})

describe("UsageRecords.record", () => {
  it.effect("replays the same key and payload, refuses the key with another payload", () =>
    Effect.gen(function* () {
      const { contract } = yield* setup
      const first = yield* UsageRecords.record(yield* recordInput(contract.id, "5", "k1"))
      const again = yield* UsageRecords.record(yield* recordInput(contract.id, "5", "k1"))
      assert.strictEqual(again.id, first.id)
      const reused = yield* Effect.flip(UsageRecords.record(yield* recordInput(contract.id, "6", "k1")))
      assert.strictEqual(reused._tag, "IdempotencyKeyReused")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("takes a batch all or nothing, naming each bad record by its index", () =>
    Effect.gen(function* () {
      const { contract } = yield* setup
      const batch = yield* Validation.decode(Usage.BatchInput)({
        records: [
          { contractId: contract.id, meteredVariable: "calls", quantity: "1", idempotencyKey: "a" },
          { contractId: contract.id, meteredVariable: "minutes", quantity: "1", idempotencyKey: "b" }
        ]
      })
      const error = yield* Effect.flip(UsageRecords.recordBatch(batch))
      assert.deepStrictEqual(error._tag === "InputInvalid" ? error.issues.map((i) => i.path) : [], [
        ["records", 1, "meteredVariable"]
      ])
      const summary = yield* UsageRecords.summary({ contractId: contract.id })
      assert.strictEqual(Decimal.format(summary.variables[0]!.quantity), "0")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses usage on a paused contract, naming its state", () =>
    Effect.gen(function* () {
      const { contract } = yield* setup
      yield* SubscriptionContracts.transition("pause", { id: contract.id })
      const error = yield* Effect.flip(UsageRecords.record(yield* recordInput(contract.id, "1", "p")))
      assert.strictEqual(error.message, `subscription contract ${contract.id} is paused and takes no usage`)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})

describe("UsageRecords.summary", () => {
  it.effect("prices the period's usage on the tiers and adds the base price", () =>
    Effect.gen(function* () {
      const { contract } = yield* setup
      yield* UsageRecords.record(yield* recordInput(contract.id, "40", "a"))
      yield* UsageRecords.record(yield* recordInput(contract.id, "2", "b"))
      const summary = yield* UsageRecords.summary({ contractId: contract.id })
      const calls = summary.variables[0]!
      assert.strictEqual(Decimal.format(calls.quantity), "42")
      assert.strictEqual(Decimal.format(calls.price), "136")
      assert.strictEqual(Decimal.format(summary.total), "146")
      assert.strictEqual(summary.period.start.epochMilliseconds, Date.parse("2026-11-01T00:00:00Z"))
      assert.strictEqual(summary.period.end.epochMilliseconds, Date.parse("2026-12-01T00:00:00Z"))
      const band = calls.forecast.quantity ?? { p10: calls.quantity, p50: calls.quantity, p90: calls.quantity }
      assert.isNotNull(calls.forecast.quantity)
      assert.isTrue(Number(Decimal.format(band.p10)) >= 42)
      assert.isTrue(Number(Decimal.format(band.p10)) <= Number(Decimal.format(band.p50)))
      assert.isTrue(Number(Decimal.format(band.p50)) <= Number(Decimal.format(band.p90)))
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})

describe("UsageRecords.summary of a contract that stops", () => {
  it.effect("projects nothing past a cancellation or while paused", () =>
    Effect.gen(function* () {
      const { contract } = yield* setup
      yield* UsageRecords.record(yield* recordInput(contract.id, "100", "a"))
      yield* SubscriptionContracts.transition("pause", { id: contract.id })
      const paused = (yield* UsageRecords.summary({ contractId: contract.id })).variables[0]!
      assert.strictEqual(paused.forecast.method, "paused")
      assert.strictEqual(Decimal.format(paused.forecast.quantity?.p90 ?? Decimal.of("0")), "100")
      yield* SubscriptionContracts.transition("cancel", { id: contract.id })
      const cancelled = (yield* UsageRecords.summary({ contractId: contract.id })).variables[0]!
      assert.strictEqual(cancelled.forecast.method, "final")
      assert.strictEqual(Decimal.format(cancelled.forecast.quantity?.p50 ?? Decimal.of("0")), "100")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses the previous period of a contract in its first period, naming the field", () =>
    Effect.gen(function* () {
      const { contract } = yield* setup
      const error = yield* Effect.flip(UsageRecords.summary({ contractId: contract.id, period: "previous" }))
      assert.deepStrictEqual(error._tag === "InputInvalid" ? error.issues : [], [
        { path: ["period"], message: "the contract has no previous period yet" }
      ])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})

describe("SubscriptionContracts transitions", () => {
  it.effect("writes each transition with its event and refuses an illegal one naming the state", () =>
    Effect.gen(function* () {
      const { contract } = yield* setup
      const cancelled = yield* SubscriptionContracts.transition("cancel", { id: contract.id })
      assert.strictEqual(cancelled.status.state, "cancelled")
      yield* TestClock.adjust(1)
      const error = yield* Effect.flip(SubscriptionContracts.transition("pause", { id: contract.id }))
      assert.strictEqual(error.message, "cannot pause a subscription contract that is cancelled")
      const types = (yield* InMemory.outbox).map((m) => m.event.type)
      assert.deepStrictEqual(types.slice(-1), ["subscription_contract.updated"])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})

describe("Customers.remove", () => {
  it.effect("deletes the customer with its contracts and usage, keeps its orders, and says so first", () =>
    Effect.gen(function* () {
      const { customer, contract } = yield* setup
      yield* UsageRecords.record(yield* recordInput(contract.id, "3", "a"))
      const preview = yield* Customers.deletionPreview(customer.id)
      assert.deepStrictEqual(preview, {
        id: customer.id,
        preservedOrderCount: 1,
        deletedSubscriptionContractIds: [contract.id]
      })
      const outcome = yield* Customers.remove({ id: customer.id, expectedVersion: 1 })
      assert.deepStrictEqual(outcome, preview)
      assert.strictEqual((yield* Effect.flip(Customers.get({ id: customer.id })))._tag, "CustomerNotFound")
      assert.strictEqual(
        (yield* Effect.flip(SubscriptionContracts.get(contract.id)))._tag,
        "SubscriptionContractNotFound"
      )
      const orders = yield* Orders.list({ customerId: customer.id })
      assert.strictEqual(orders.items.length, 1)
      assert.strictEqual(orders.items[0]!.customer.lastName, "Lovelace")
      assert.strictEqual((yield* Ref.get(yield* InMemory.Store)).usage.size, 0)
      const events = (yield* InMemory.outbox).slice(-2)
      assert.deepStrictEqual(
        events.map((m) => m.event.type),
        ["customer.deleted", "subscription_contract.deleted"]
      )
      const deleted = DomainEvent.toJson(events[0]!.event).data as Record<string, unknown>
      assert.strictEqual(deleted.preservedOrderCount, 1)
      assert.deepStrictEqual(deleted.deletedSubscriptionContractIds, [contract.id])
      assert.strictEqual(deleted.lastName, "Lovelace")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("deletes nothing when expectedVersion is stale", () =>
    Effect.gen(function* () {
      const { customer } = yield* setup
      const error = yield* Effect.flip(Customers.remove({ id: customer.id, expectedVersion: 7 }))
      assert.strictEqual(error._tag, "VersionConflict")
      assert.strictEqual((yield* Customers.deletionPreview(customer.id)).deletedSubscriptionContractIds.length, 1)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("cannot delete another tenant's customer", () =>
    Effect.gen(function* () {
      const { customer } = yield* setup
      const error = yield* Effect.flip(Customers.remove({ id: customer.id })).pipe(asTenant(tenantB))
      assert.strictEqual(error._tag, "CustomerNotFound")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})
