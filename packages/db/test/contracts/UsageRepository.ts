/**
 * The contract of the UsageRepository port, run against every adapter: one record per (contract, idempotency key)
 * even under concurrent inserts, exact decimal quantities and daily totals, and usage removed with its contract.
 */
import { assert, layer } from "@effect/vitest"
import {
  type DailyTotal,
  Decimal,
  SubscriptionContractRepository,
  type Tenant,
  Usage,
  UsageRepository
} from "@patron/domain"
import { DateTime, Effect, Option } from "effect"
import { contract, type Fixture, seeded, usage } from "./samples.ts"

type Ports = UsageRepository | SubscriptionContractRepository

const totals = (rows: ReadonlyArray<DailyTotal>) =>
  rows.map((row) => ({
    meteredVariable: row.meteredVariable,
    dayIndex: row.dayIndex,
    quantity: Decimal.format(row.quantity)
  }))

const byDayAndVariable = <A extends { readonly dayIndex: number; readonly meteredVariable: string }>(
  rows: ReadonlyArray<A>
) => [...rows].sort((a, b) => a.dayIndex - b.dayIndex || a.meteredVariable.localeCompare(b.meteredVariable))

const range = (from: string, to: string) => ({ from: DateTime.makeUnsafe(from), to: DateTime.makeUnsafe(to) })

/** Runs the UsageRepository contract on the adapter the fixture builds; `rowCount` counts a tenant's stored records. */
export const suite = <R>(
  name: string,
  fixture: Fixture<Ports, R> & {
    readonly rowCount?: (tenant: Tenant.TenantId) => Effect.Effect<number, never, R>
  }
) =>
  layer(fixture.layer(), { timeout: "60 seconds" })(name, (it) => {
    /** A seeded tenant with one stored contract. */
    const withContract = Effect.gen(function* () {
      const { tenant, customerIds } = yield* seeded(fixture)
      const stored = contract(customerIds[0]!, "2026-11-01T00:00:00.000Z")
      yield* (yield* SubscriptionContractRepository).insert(tenant, stored)
      return { tenant, customerId: customerIds[0]!, contractId: stored.id }
    })

    it.effect("stores a record and finds it by its key exactly, decimals and instants included", () =>
      Effect.gen(function* () {
        const { tenant, contractId } = yield* withContract
        const repository = yield* UsageRepository
        for (const [key, quantity] of [
          ["precise", "12345678901234567890.123456789012345678"],
          ["tiny", "0.000000000000000001"],
          ["zero", "0"],
          ["scaled", "1.50"]
        ] as const) {
          const record = usage(contractId, { idempotencyKey: key, quantity, occurredAt: "2026-11-03T10:20:30.456Z" })
          const stored = yield* repository.insert(tenant, record)
          assert.deepStrictEqual(Usage.toJson(stored), Usage.toJson(record))
          const found = yield* repository.findByKey(tenant, contractId, key)
          assert.deepStrictEqual(Option.map(found, Usage.toJson), Option.some(Usage.toJson(record)))
        }
        assert.isTrue(Option.isNone(yield* repository.findByKey(tenant, contractId, "unknown")))
      })
    )

    it.effect("returns the stored record when the key is taken, and keeps keys apart per contract", () =>
      Effect.gen(function* () {
        const { tenant, customerId, contractId } = yield* withContract
        const repository = yield* UsageRepository
        const other = contract(customerId, "2026-11-02T00:00:00.000Z")
        yield* (yield* SubscriptionContractRepository).insert(tenant, other)
        const first = usage(contractId, { idempotencyKey: "k1", quantity: "5", occurredAt: "2026-11-03T00:00:00Z" })
        const retry = usage(contractId, { idempotencyKey: "k1", quantity: "6", occurredAt: "2026-11-04T00:00:00Z" })
        yield* repository.insert(tenant, first)
        assert.deepStrictEqual(Usage.toJson(yield* repository.insert(tenant, retry)), Usage.toJson(first))
        const elsewhere = usage(other.id, { idempotencyKey: "k1", quantity: "6", occurredAt: "2026-11-04T00:00:00Z" })
        assert.strictEqual((yield* repository.insert(tenant, elsewhere)).id, elsewhere.id)
        const found = yield* repository.findByKey(tenant, contractId, "k1")
        assert.strictEqual(Option.getOrThrow(found).id, first.id)
      })
    )

    it.effect("sums each metered variable per day of the range exactly", () =>
      Effect.gen(function* () {
        const { tenant, customerId, contractId } = yield* withContract
        const repository = yield* UsageRepository
        const other = contract(customerId, "2026-11-02T00:00:00.000Z")
        yield* (yield* SubscriptionContractRepository).insert(tenant, other)
        const records = [
          usage(contractId, { idempotencyKey: "a", quantity: "0.1", occurredAt: "2026-11-01T00:00:00Z" }),
          usage(contractId, { idempotencyKey: "b", quantity: "0.2", occurredAt: "2026-11-01T23:59:59.999Z" }),
          usage(contractId, { idempotencyKey: "c", quantity: "1.5", occurredAt: "2026-11-03T12:00:00Z" }),
          usage(contractId, {
            idempotencyKey: "d",
            quantity: "2",
            occurredAt: "2026-11-01T06:00:00Z",
            meteredVariable: "minutes"
          }),
          usage(contractId, { idempotencyKey: "before", quantity: "100", occurredAt: "2026-10-31T23:59:59.999Z" }),
          usage(contractId, { idempotencyKey: "at-end", quantity: "100", occurredAt: "2026-11-04T00:00:00Z" }),
          usage(other.id, { idempotencyKey: "a", quantity: "7", occurredAt: "2026-11-01T12:00:00Z" })
        ]
        yield* Effect.forEach(records, (record) => repository.insert(tenant, record))
        const rows = yield* repository.dailyTotals(
          tenant,
          contractId,
          range("2026-11-01T00:00:00Z", "2026-11-04T00:00:00Z")
        )
        assert.deepStrictEqual(byDayAndVariable(totals(rows)), [
          { meteredVariable: "calls", dayIndex: 0, quantity: "0.3" },
          { meteredVariable: "minutes", dayIndex: 0, quantity: "2" },
          { meteredVariable: "calls", dayIndex: 2, quantity: "1.5" }
        ])
        assert.deepStrictEqual(
          rows.map((row) => row.dayIndex),
          [...rows.map((row) => row.dayIndex)].sort((a, b) => a - b),
          "sorted by day"
        )
      })
    )

    it.effect("counts days from the start of the range, not from midnight", () =>
      Effect.gen(function* () {
        const { tenant, contractId } = yield* withContract
        const repository = yield* UsageRepository
        const records = [
          usage(contractId, { idempotencyKey: "a", quantity: "1", occurredAt: "2026-11-02T11:59:59.999Z" }),
          usage(contractId, { idempotencyKey: "b", quantity: "10", occurredAt: "2026-11-02T12:00:00Z" }),
          usage(contractId, { idempotencyKey: "c", quantity: "100", occurredAt: "2026-11-11T12:00:00Z" })
        ]
        yield* Effect.forEach(records, (record) => repository.insert(tenant, record))
        const rows = yield* repository.dailyTotals(
          tenant,
          contractId,
          range("2026-11-01T12:00:00Z", "2026-12-01T12:00:00Z")
        )
        assert.deepStrictEqual(totals(rows), [
          { meteredVariable: "calls", dayIndex: 0, quantity: "1" },
          { meteredVariable: "calls", dayIndex: 1, quantity: "10" },
          { meteredVariable: "calls", dayIndex: 10, quantity: "100" }
        ])
      })
    )

    it.effect("removes a contract's usage with the contract", () =>
      Effect.gen(function* () {
        const { tenant, contractId } = yield* withContract
        const repository = yield* UsageRepository
        yield* repository.insert(
          tenant,
          usage(contractId, { idempotencyKey: "k", quantity: "3", occurredAt: "2026-11-02T00:00:00Z" })
        )
        yield* (yield* SubscriptionContractRepository).remove(tenant, [contractId])
        assert.isTrue(Option.isNone(yield* repository.findByKey(tenant, contractId, "k")))
        const rows = yield* repository.dailyTotals(
          tenant,
          contractId,
          range("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")
        )
        assert.deepStrictEqual(rows, [])
        if (fixture.rowCount !== undefined) assert.strictEqual(yield* fixture.rowCount(tenant), 0)
      })
    )

    it.effect("never shows one tenant's usage to another", () =>
      Effect.gen(function* () {
        const a = yield* withContract
        const b = yield* seeded(fixture)
        const repository = yield* UsageRepository
        yield* repository.insert(
          a.tenant,
          usage(a.contractId, { idempotencyKey: "k", quantity: "3", occurredAt: "2026-11-02T00:00:00Z" })
        )
        assert.isTrue(Option.isNone(yield* repository.findByKey(b.tenant, a.contractId, "k")))
        const rows = yield* repository.dailyTotals(
          b.tenant,
          a.contractId,
          range("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")
        )
        assert.deepStrictEqual(rows, [])
      })
    )

    it.effect(
      "keeps one record per key when 1,000 inserts of 100 keys race, and gives every caller of a key that record",
      () =>
        Effect.gen(function* () {
          const { tenant, contractId } = yield* withContract
          const repository = yield* UsageRepository
          const attempts = Array.from({ length: 1000 }, (_, i) =>
            usage(contractId, { idempotencyKey: `key-${i % 100}`, quantity: "1", occurredAt: "2026-11-02T00:00:00Z" })
          )
          const stored = yield* Effect.forEach(attempts, (record) => repository.insert(tenant, record), {
            concurrency: "unbounded"
          })
          const idsByKey = new Map<string, Set<string>>()
          for (const record of stored) {
            idsByKey.set(record.idempotencyKey, (idsByKey.get(record.idempotencyKey) ?? new Set()).add(record.id))
          }
          assert.strictEqual(idsByKey.size, 100)
          assert.isTrue(
            [...idsByKey.values()].every((ids) => ids.size === 1),
            "one stored id per key"
          )
          const rows = yield* repository.dailyTotals(
            tenant,
            contractId,
            range("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z")
          )
          assert.deepStrictEqual(totals(rows), [{ meteredVariable: "calls", dayIndex: 0, quantity: "100" }])
          if (fixture.rowCount !== undefined) assert.strictEqual(yield* fixture.rowCount(tenant), 100)
        }),
      120_000
    )
  })
