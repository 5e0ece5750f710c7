/**
 * The CustomerRepository contract for many customers at once (`insertMany`, `updateMany`, `holding`; what
 * `customers.upsertMany` writes with): all or nothing, uniqueness refused naming the handle, versions checked, the
 * stored form the single-row writes give, and tenant isolation.
 */
import { assert, describe, type Vitest } from "@effect/vitest"
import { Customer, CustomerRepository, type Tenant, type Transactions, Version } from "@patron/domain"
import { Effect, Option } from "effect"
import { asJson, at, build, sameError } from "./customers.ts"

export const customerBatchContract = <R>(
  it: Vitest.MethodsNonLive<CustomerRepository | Transactions | R>,
  tenant: Effect.Effect<Tenant.TenantId, never, R>
) => {
  const idsOf = (customers: ReadonlyArray<Customer.Customer>) => customers.map((c) => c.id).sort()

  describe("many at once", () => {
    it.effect("inserts many, found by id, identifier and pair exactly as stored; holding finds them by handle", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const [t, other] = [yield* tenant, yield* tenant]
        const many = yield* Effect.forEach([501, 502, 503], (n) =>
          build(n, at(n), { identifier: `batch-${n}`, externalReferences: { erp: `E${n}`, shop: `S${n}` } })
        )
        yield* repository.insertMany(t, many)
        for (const customer of many) {
          const byPair = yield* repository.find(t, {
            externalReference: { key: "shop", value: customer.externalReferences.shop ?? "" }
          })
          assert.deepStrictEqual(Option.map(byPair, asJson), Option.some(asJson(customer)))
        }
        const held = yield* repository.holding(t, {
          identifiers: ["batch-501", "nobody"],
          references: [
            { key: "erp", value: "E503" },
            { key: "erp", value: "none" }
          ]
        })
        assert.deepStrictEqual(idsOf(held), idsOf([many[0], many[2]].filter((c) => c !== undefined)))
        const elsewhere = yield* repository.holding(other, {
          identifiers: ["batch-501"],
          references: [{ key: "erp", value: "E503" }]
        })
        assert.deepStrictEqual(elsewhere, [])
      })
    )

    it.effect("refuses a batch holding a taken identifier or pair, naming it, and stores none of it", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        yield* repository.insert(t, yield* build(510, at(0), { identifier: "taken", externalReferences: { erp: "X" } }))
        const fresh = yield* build(511, at(1), { identifier: "fresh-511" })
        const byIdentifier = yield* Effect.flip(
          repository.insertMany(t, [fresh, yield* build(512, at(2), { identifier: "taken" })])
        )
        sameError(byIdentifier, new Customer.IdentifierTaken({ identifier: "taken" }))
        const byPair = yield* Effect.flip(
          repository.insertMany(t, [fresh, yield* build(513, at(3), { externalReferences: { erp: "X" } })])
        )
        sameError(byPair, new Customer.ExternalReferenceTaken({ key: "erp", value: "X" }))
        assert.isTrue(Option.isNone(yield* repository.find(t, { identifier: "fresh-511" })))
      })
    )

    it.effect("updates many at their previous versions, pairs replaced; one stale version updates none", () =>
      Effect.gen(function* () {
        const repository = yield* CustomerRepository
        const t = yield* tenant
        const many = yield* Effect.forEach([520, 521], (n) =>
          build(n, at(n), { identifier: `up-${n}`, externalReferences: { erp: `U${n}` } })
        )
        yield* repository.insertMany(t, many)
        const updated = many.map((c) => ({
          ...c,
          email: "new@example.com",
          externalReferences: { crm: `C-${c.id}` },
          version: 2,
          updatedAt: at(100)
        }))
        yield* repository.updateMany(t, updated)
        for (const customer of updated) {
          const stored = yield* repository.find(t, { externalReference: { key: "crm", value: `C-${customer.id}` } })
          assert.deepStrictEqual(Option.map(stored, asJson), Option.some(asJson(customer)))
        }
        assert.isTrue(Option.isNone(yield* repository.find(t, { externalReference: { key: "erp", value: "U520" } })))
        const [first, second] = updated
        if (first === undefined || second === undefined) return
        const stale = yield* Effect.flip(
          repository.updateMany(t, [
            { ...first, lastName: "Again", version: 3 },
            { ...second, version: 2 }
          ])
        )
        sameError(stale, new Version.VersionConflict({ id: second.id, expected: 1, actual: 2 }))
        const kept = yield* repository.find(t, { id: first.id })
        assert.strictEqual(Option.map(kept, (c) => c.version).pipe(Option.getOrElse(() => 0)), 2)
      })
    )
  })
}
