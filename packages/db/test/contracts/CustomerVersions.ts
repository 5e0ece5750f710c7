/**
 * The optimistic-concurrency part of the CustomerRepository contract: a write names the version it replaces, a stale
 * one changes nothing and fails with VersionConflict (also when 50 writers race), and a refused write changes nothing.
 */
import { assert, describe, type Vitest } from "@effect/vitest"
import { Customer, CustomerRepository, type Tenant, Transactions, Version } from "@patron/domain"
import { Effect, Option } from "effect"
import { asJson, at, build, customerId, sameError } from "./customers.ts"

/** Registers the version tests in a suite whose layer provides the repository; `tenant` makes a fresh tenant. */
export const customerVersionContract = <R>(
  it: Vitest.MethodsNonLive<CustomerRepository | Transactions | R>,
  tenant: Effect.Effect<Tenant.TenantId, never, R>
) => {
  describe("versions", () => {
    it.effect("replaces a customer at the next version, with its identifier and external references", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        const before = yield* build(1, at(0), {
          identifier: "before",
          externalReferences: { crm: "A1", shop: "S1" }
        })
        yield* repository.insert(t, before)
        const after = {
          ...before,
          version: 2,
          identifier: "after",
          lastName: "Renamed",
          externalReferences: { crm: "A2", shop: "S1" },
          updatedAt: at(5)
        }
        yield* repository.update(t, after)
        const byId = yield* repository.find(t, { id: before.id })
        assert.deepStrictEqual(Option.map(byId, asJson), Option.some(asJson(after)))
        const findsIt = (lookup: Customer.Lookup) =>
          Effect.map(repository.find(t, lookup), (found) => Option.isSome(found))
        assert.isFalse(yield* findsIt({ identifier: "before" }))
        assert.isTrue(yield* findsIt({ identifier: "after" }))
        assert.isFalse(yield* findsIt({ externalReference: { key: "crm", value: "A1" } }))
        assert.isTrue(yield* findsIt({ externalReference: { key: "crm", value: "A2" } }))
        assert.isTrue(yield* findsIt({ externalReference: { key: "shop", value: "S1" } }))
        // What it let go of is free for others; its new text is what search finds.
        yield* repository.insert(t, yield* build(2, at(6), { identifier: "before", externalReferences: { crm: "A1" } }))
        const renamed = yield* repository.list(t, { search: "renamed" })
        assert.deepStrictEqual(
          renamed.items.map((c) => c.id),
          [before.id]
        )
      })
    )

    it.effect("refuses a stale version with VersionConflict and changes nothing", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        const customer = yield* build(1, at(0))
        yield* repository.insert(t, customer)
        const skipping = yield* Effect.flip(repository.update(t, { ...customer, version: 3, lastName: "Skipped" }))
        sameError(skipping, new Version.VersionConflict({ id: customer.id, expected: 2, actual: 1 }))
        const second = { ...customer, version: 2, lastName: "Second" }
        yield* repository.update(t, second)
        const stale = yield* Effect.flip(repository.update(t, { ...customer, version: 2, lastName: "Stale" }))
        sameError(stale, new Version.VersionConflict({ id: customer.id, expected: 1, actual: 2 }))
        const stored = yield* repository.find(t, { id: customer.id })
        assert.deepStrictEqual(Option.map(stored, asJson), Option.some(asJson(second)))
      })
    )

    it.effect("refuses to update a customer that is not stored (actual version 0)", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        const ghost = { ...(yield* build(1, at(0))), version: 2 }
        const error = yield* Effect.flip(repository.update(t, ghost))
        sameError(error, new Version.VersionConflict({ id: ghost.id, expected: 1, actual: 0 }))
        assert.isTrue(Option.isNone(yield* repository.find(t, { id: ghost.id })))
      })
    )

    it.effect("refuses an update to a taken identifier or external reference and changes nothing", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        const one = yield* build(1, at(0), { identifier: "one", externalReferences: { crm: "1" } })
        yield* repository.insert(t, one)
        yield* repository.insert(
          t,
          yield* build(2, at(1), { identifier: "two", externalReferences: { crm: "2", shop: "S2" } })
        )
        const identifier = yield* Effect.flip(repository.update(t, { ...one, version: 2, identifier: "two" }))
        sameError(identifier, new Customer.IdentifierTaken({ identifier: "two" }))
        const reference = yield* Effect.flip(
          repository.update(t, { ...one, version: 2, externalReferences: { crm: "1", erp: "x", shop: "S2" } })
        )
        sameError(reference, new Customer.ExternalReferenceTaken({ key: "shop", value: "S2" }))
        const stored = yield* repository.find(t, { externalReference: { key: "crm", value: "1" } })
        assert.deepStrictEqual(Option.map(stored, asJson), Option.some(asJson(one)))
      })
    )

    it.effect("removes a customer at its version, freeing its identifier and external references", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        const gone = yield* build(1, at(0), { identifier: "gone", externalReferences: { crm: "9" } })
        yield* repository.insert(t, gone)
        yield* repository.remove(t, gone.id, 1)
        assert.isTrue(Option.isNone(yield* repository.find(t, { id: gone.id })))
        assert.isTrue(Option.isNone(yield* repository.find(t, { externalReference: { key: "crm", value: "9" } })))
        yield* repository.insert(t, yield* build(2, at(1), { identifier: "gone", externalReferences: { crm: "9" } }))
        assert.deepStrictEqual((yield* repository.list(t, {})).items.length, 1)
      })
    )

    it.effect("refuses to remove at a stale version or a customer that is not stored, removing nothing", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        const kept = yield* build(1, at(0))
        yield* repository.insert(t, kept)
        yield* repository.update(t, { ...kept, version: 2 })
        const stale = yield* Effect.flip(repository.remove(t, kept.id, 1))
        sameError(stale, new Version.VersionConflict({ id: kept.id, expected: 1, actual: 2 }))
        const missing = yield* Effect.flip(repository.remove(t, customerId(2), 1))
        sameError(missing, new Version.VersionConflict({ id: customerId(2), expected: 1, actual: 0 }))
        assert.isTrue(Option.isSome(yield* repository.find(t, { id: kept.id })))
      })
    )

    it.effect("lets exactly one of 50 concurrent updates from the same version win", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const transactions = yield* Transactions
        const t = yield* tenant
        const customer = yield* build(1, at(0), { externalReferences: { crm: "race" } })
        yield* repository.insert(t, customer)
        const outcomes = yield* Effect.forEach(
          Array.from({ length: 50 }, (_, i) => i),
          (i) =>
            transactions
              .run(repository.update(t, { ...customer, version: 2, firstName: `Writer${i}` }))
              .pipe(Effect.match({ onSuccess: () => `Writer${i}`, onFailure: (error) => error })),
          { concurrency: "unbounded" }
        )
        const winners = outcomes.filter((outcome) => typeof outcome === "string")
        const conflicts = outcomes.filter(
          (outcome) => typeof outcome !== "string" && outcome._tag === "VersionConflict" && outcome.actual === 2
        )
        assert.strictEqual(winners.length, 1)
        assert.strictEqual(conflicts.length, 49)
        const stored = yield* repository.find(t, { externalReference: { key: "crm", value: "race" } })
        assert.deepStrictEqual(
          Option.map(stored, (c) => [c.version, c.firstName]),
          Option.some([2, winners[0]])
        )
      })
    )
  })
}
