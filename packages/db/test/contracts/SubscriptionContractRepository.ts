/**
 * The contract of the SubscriptionContractRepository port, run against every adapter: exact round trips, the state
 * filter agreeing with `SubscriptionContract.stateAt` at the listing's instant, optimistic updates, pagination and
 * tenant isolation.
 */
import { assert, layer } from "@effect/vitest"
import { SubscriptionContract, SubscriptionContractRepository } from "@patron/domain"
import { DateTime, Effect, Option } from "effect"
import { allPages, contract, type Fixture, newCustomerId, newId, type StatusDates, seeded } from "./samples.ts"

type Contract = SubscriptionContract.SubscriptionContract

const json = (contracts: ReadonlyArray<Contract>) => contracts.map((c) => SubscriptionContract.toJson(c))
const ids = (contracts: ReadonlyArray<Contract>) => contracts.map((c) => c.id).sort()

const now = DateTime.makeUnsafe("2026-11-15T00:00:00Z")
const created = "2026-10-01T00:00:00.000Z"

/** One contract per rule of `stateAt`, with the edges at `now` itself and the rules that win over others. */
const statusCases: ReadonlyArray<readonly [SubscriptionContract.State, string, StatusDates]> = [
  ["pendingActivation", "activates next month", { activateAt: "2026-12-01T00:00:00Z" }],
  ["active", "activated this month", { activateAt: "2026-11-01T00:00:00Z" }],
  ["active", "activates exactly now", { activateAt: "2026-11-15T00:00:00Z" }],
  ["paused", "paused", { activateAt: "2026-11-01T00:00:00Z", pausedAt: "2026-11-10T00:00:00Z" }],
  ["paused", "paused before activating", { activateAt: "2026-12-01T00:00:00Z", pausedAt: "2026-11-10T00:00:00Z" }],
  ["pendingDeactivation", "ending at period end", { activateAt: created, activeUntil: "2026-12-01T00:00:00Z" }],
  [
    "pendingDeactivation",
    "paused and ending later",
    { activateAt: created, pausedAt: "2026-11-10T00:00:00Z", activeUntil: "2026-12-01T00:00:00Z" }
  ],
  ["cancelled", "ended exactly now", { activateAt: created, activeUntil: "2026-11-15T00:00:00Z" }],
  [
    "cancelled",
    "ended while paused",
    { activateAt: created, pausedAt: "2026-11-01T00:00:00Z", activeUntil: "2026-11-10T00:00:00Z" }
  ]
]

const states: ReadonlyArray<SubscriptionContract.State> = [
  "pendingActivation",
  "active",
  "paused",
  "pendingDeactivation",
  "cancelled"
]

/** Runs the SubscriptionContractRepository contract on the adapter the fixture builds. */
export const suite = <R>(name: string, fixture: Fixture<SubscriptionContractRepository, R>) =>
  layer(fixture.layer(), { timeout: "60 seconds" })(name, (it) => {
    it.effect("finds a stored contract exactly as it was written", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* SubscriptionContractRepository
        const stored = contract(customerIds[0]!, "2026-11-24T12:00:00.123Z", {
          activateAt: "2026-11-24T12:00:00.123Z",
          pausedAt: "2026-11-25T08:30:00Z"
        })
        yield* repository.insert(tenant, stored)
        const found = yield* repository.find(tenant, stored.id)
        assert.deepStrictEqual(json(Option.toArray(found)), json([stored]))
        assert.deepStrictEqual(json(yield* repository.listForCustomer(tenant, stored.customerId)), json([stored]))
        assert.isTrue(Option.isNone(yield* repository.find(tenant, newId("subscriptionContract"))))
        const locked = yield* repository.find(tenant, stored.id, { lock: "update" })
        assert.deepStrictEqual(json(Option.toArray(locked)), json([stored]))
      })
    )

    it.effect("lists by the state at the listing's instant, as stateAt derives it", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* SubscriptionContractRepository
        const cases = statusCases.map(([state, , dates]) => ({
          state,
          stored: contract(customerIds[0]!, created, dates)
        }))
        yield* Effect.forEach(cases, ({ stored }) => repository.insert(tenant, stored))
        for (const state of states) {
          const page = yield* repository.list(tenant, { state, now })
          const expected = cases.filter((c) => c.state === state).map((c) => c.stored)
          assert.deepStrictEqual(ids(page.items), ids(expected), state)
          assert.deepStrictEqual(
            ids(expected),
            ids(cases.map((c) => c.stored).filter((c) => SubscriptionContract.stateAt(c.status, now) === state)),
            `the cases agree with stateAt: ${state}`
          )
        }
        const all = yield* repository.list(tenant, { now })
        assert.strictEqual(all.items.length, statusCases.length)
        const later = yield* repository.list(tenant, {
          state: "cancelled",
          now: DateTime.makeUnsafe("2026-12-01T00:00:00Z")
        })
        assert.strictEqual(later.items.length, 4)
      })
    )

    it.effect("replaces a contract at the next version and filters by its new dates", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* SubscriptionContractRepository
        const stored = contract(customerIds[0]!, created)
        yield* repository.insert(tenant, stored)
        const paused: Contract = {
          ...stored,
          status: { ...stored.status, state: "paused", pausedAt: DateTime.makeUnsafe("2026-11-10T00:00:00Z") },
          meta: { team: "billing" },
          version: 2
        }
        yield* repository.update(tenant, paused)
        assert.deepStrictEqual(json(Option.toArray(yield* repository.find(tenant, stored.id))), json([paused]))
        assert.deepStrictEqual(ids((yield* repository.list(tenant, { state: "paused", now })).items), [stored.id])
        assert.deepStrictEqual((yield* repository.list(tenant, { state: "active", now })).items, [])
      })
    )

    it.effect("refuses an update from a stale version and changes nothing", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* SubscriptionContractRepository
        const stored = contract(customerIds[0]!, created)
        yield* repository.insert(tenant, stored)
        yield* repository.update(tenant, { ...stored, meta: { step: "two" }, version: 2 })
        const stale = yield* Effect.flip(repository.update(tenant, { ...stored, meta: { step: "stale" }, version: 2 }))
        assert.deepStrictEqual(
          { tag: stale._tag, id: stale.id, expected: stale.expected, actual: stale.actual },
          { tag: "VersionConflict", id: stored.id, expected: 1, actual: 2 }
        )
        const found = Option.getOrThrow(yield* repository.find(tenant, stored.id))
        assert.deepStrictEqual(found.meta, { step: "two" })
        const missing = yield* Effect.flip(
          repository.update(tenant, { ...contract(customerIds[0]!, created), version: 2 })
        )
        assert.deepStrictEqual([missing.expected, missing.actual], [1, 0])
      })
    )

    it.effect("pages through every contract once, newest first, optionally one customer's", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture, 2)
        const repository = yield* SubscriptionContractRepository
        const days = [3, 1, 4, 1, 5, 9, 2, 6]
        const contracts = days.map((day, i) =>
          contract(customerIds[i % 2]!, new Date(Date.UTC(2026, 9, day)).toISOString())
        )
        yield* Effect.forEach(contracts, (c) => repository.insert(tenant, c))
        const newestFirst = [...contracts].sort(
          (a, b) => b.createdAt.epochMilliseconds - a.createdAt.epochMilliseconds || (b.id < a.id ? -1 : 1)
        )
        const pages = yield* allPages((cursor) =>
          repository.list(tenant, { now, limit: 3, ...(cursor === undefined ? {} : { cursor }) })
        )
        assert.deepStrictEqual(json(pages.flat()), json(newestFirst))
        const first = customerIds[0]!
        const theirs = yield* repository.list(tenant, { now, customerId: first })
        assert.deepStrictEqual(json(theirs.items), json(newestFirst.filter((c) => c.customerId === first)))
        assert.deepStrictEqual(ids(yield* repository.listForCustomer(tenant, first)), ids(theirs.items))
        const invalid = yield* Effect.flip(repository.list(tenant, { now, cursor: "not-a-cursor" }))
        assert.strictEqual(invalid._tag, "CursorInvalid")
      })
    )

    it.effect("removes the named contracts only", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* SubscriptionContractRepository
        const [kept, gone1, gone2] = [1, 2, 3].map((day) =>
          contract(customerIds[0]!, new Date(Date.UTC(2026, 9, day)).toISOString())
        ) as [Contract, Contract, Contract]
        yield* Effect.forEach([kept, gone1, gone2], (c) => repository.insert(tenant, c))
        yield* repository.remove(tenant, [gone1.id, gone2.id])
        yield* repository.remove(tenant, [])
        assert.deepStrictEqual(ids(yield* repository.listForCustomer(tenant, kept.customerId)), [kept.id])
        assert.isTrue(Option.isNone(yield* repository.find(tenant, gone1.id)))
      })
    )

    it.effect("never shows or changes one tenant's contracts for another", () =>
      Effect.gen(function* () {
        const a = yield* seeded(fixture)
        const b = yield* seeded(fixture)
        const repository = yield* SubscriptionContractRepository
        const stored = contract(a.customerIds[0]!, created)
        yield* repository.insert(a.tenant, stored)
        assert.isTrue(Option.isNone(yield* repository.find(b.tenant, stored.id)))
        assert.deepStrictEqual((yield* repository.list(b.tenant, { now })).items, [])
        assert.deepStrictEqual(yield* repository.listForCustomer(b.tenant, stored.customerId), [])
        const conflict = yield* Effect.flip(repository.update(b.tenant, { ...stored, version: 2 }))
        assert.strictEqual(conflict.actual, 0)
        yield* repository.remove(b.tenant, [stored.id])
        assert.isTrue(Option.isSome(yield* repository.find(a.tenant, stored.id)))
        assert.deepStrictEqual(yield* repository.listForCustomer(a.tenant, newCustomerId()), [])
      })
    )
  })
