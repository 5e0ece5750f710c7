/**
 * The contract every CustomerRepository adapter keeps (the domain's in-memory reference, PGlite, PostgreSQL), through
 * the port only: lookups, uniqueness per tenant and tenant isolation here; optimistic versions in CustomerVersions.ts;
 * search, filters, sorts and keyset pages in CustomerListing.ts. Each test works in tenants of its own, so one database serves the suite.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Customer, CustomerRepository, type Tenant, Transactions, Version } from "@patron/domain"
import { Effect, type Layer, Option } from "effect"
import { customerBatchContract } from "./CustomerBatches.ts"
import { customerExportContract } from "./CustomerExport.ts"
import { customerListingContract } from "./CustomerListing.ts"
import { customerVersionContract } from "./CustomerVersions.ts"
import { asJson, at, build, customerId, freshTenantId, sameError } from "./customers.ts"

/** Runs the contract on the layer `makeLayer` builds; `setup` creates a tenant where the adapter needs it to exist. */
export const customerRepositoryContract = <E, R>(
  name: string,
  makeLayer: () => Layer.Layer<CustomerRepository | Transactions | R, E>,
  options: { readonly setup?: (tenant: Tenant.TenantId) => Effect.Effect<void, never, R>; readonly skip?: string } = {}
) =>
  describe.skipIf(options.skip !== undefined)(`CustomerRepository on ${name}`, () => {
    layer(makeLayer(), { timeout: "120 seconds" })("through the port", (it) => {
      const tenant = Effect.gen(function* () {
        const id = freshTenantId()
        if (options.setup !== undefined) yield* options.setup(id)
        return id
      })

      describe("lookups", () => {
        it.effect("finds a customer by id, identifier and external reference, exactly as it was stored", () =>
          Effect.gen(function* () {
            const repository = yield* CustomerRepository
            const t = yield* tenant
            const ada = yield* build(1, at(0, 123), {
              type: "organization",
              identifier: "ada-1815",
              firstName: "Ada",
              middleName: "Augusta",
              lastName: "Lovelace",
              companyName: "Analytical Engines",
              taxNumber: "GB123",
              email: "Ada@Example.com",
              phone: "+44 20 7946 0018",
              birthDate: "1915-12-10",
              addresses: [{ type: "billing", isDefault: true, street: "St James's Square", city: "London" }],
              meta: { tier: "gold", note: 'say "hi" \\ ünïcode' },
              externalReferences: { crm: "C-1", shop: "S-1" }
            })
            yield* repository.insert(t, ada)
            for (const lookup of [
              { id: ada.id },
              { identifier: "ada-1815" },
              { externalReference: { key: "shop", value: "S-1" } }
            ]) {
              const found = yield* repository.find(t, lookup)
              assert.deepStrictEqual(Option.map(found, asJson), Option.some(asJson(ada)), JSON.stringify(lookup))
            }
          })
        )

        it.effect("reads a customer as stored: its encoded form, the same JSON as find's, keys in order", () =>
          Effect.gen(function* () {
            const repository = yield* CustomerRepository
            const t = yield* tenant
            const grace = yield* build(2, at(0, 456), {
              identifier: "grace-1906",
              firstName: "Grace",
              lastName: "Hopper",
              email: "grace@example.com",
              birthDate: "1906-12-09",
              addresses: [
                { type: "billing", isDefault: true, street: "1 Navy Way", city: "Arlington", postalCode: "22201" }
              ],
              meta: { zeta: "last", a: "first" },
              externalReferences: { shop: "S-2" }
            })
            yield* repository.insert(t, grace)
            for (const lookup of [
              { id: grace.id },
              { identifier: "grace-1906" },
              { externalReference: { key: "shop", value: "S-2" } }
            ]) {
              // Byte for byte what `find` then `toJson` gives (jsonb keeps free meta keys in its own order either way).
              const read = yield* repository.read(t, lookup)
              const found = yield* repository.find(t, lookup)
              assert.strictEqual(
                Option.map(read, (json) => JSON.stringify(json)).pipe(Option.getOrUndefined),
                Option.map(found, (customer) => JSON.stringify(Customer.toJson(customer))).pipe(Option.getOrUndefined),
                JSON.stringify(lookup)
              )
              assert.deepStrictEqual(
                Option.map(read, (json) => ({ ...json, meta: {} })),
                Option.some({ ...asJson(grace), meta: {} })
              )
            }
            assert.isTrue(Option.isNone(yield* repository.read(t, { identifier: "nobody" })))
            assert.isTrue(Option.isNone(yield* repository.read(freshTenantId(), { id: grace.id })))
          })
        )

        it.effect("finds nothing for an unknown id, identifier or external reference", () =>
          Effect.gen(function* () {
            const repository = yield* CustomerRepository
            const t = yield* tenant
            yield* repository.insert(
              t,
              yield* build(1, at(0), { identifier: "known", externalReferences: { crm: "1" } })
            )
            for (const lookup of [
              { id: customerId(2) },
              { identifier: "unknown" },
              { externalReference: { key: "crm", value: "2" } },
              { externalReference: { key: "erp", value: "1" } }
            ]) {
              assert.isTrue(Option.isNone(yield* repository.find(t, lookup)), JSON.stringify(lookup))
            }
          })
        )
      })

      describe("uniqueness within a tenant", () => {
        it.effect("refuses a taken identifier with IdentifierTaken and stores nothing", () =>
          Effect.gen(function* () {
            const repository = yield* CustomerRepository
            const t = yield* tenant
            yield* repository.insert(t, yield* build(1, at(0), { identifier: "same" }))
            const second = yield* build(2, at(1), { identifier: "same", externalReferences: { crm: "2" } })
            const error = yield* Effect.flip(repository.insert(t, second))
            sameError(error, new Customer.IdentifierTaken({ identifier: "same" }))
            assert.isTrue(Option.isNone(yield* repository.find(t, { id: second.id })))
            assert.isTrue(Option.isNone(yield* repository.find(t, { externalReference: { key: "crm", value: "2" } })))
          })
        )

        it.effect(
          "refuses a taken external reference pair with ExternalReferenceTaken naming it, storing nothing",
          () =>
            Effect.gen(function* () {
              const repository = yield* CustomerRepository
              const t = yield* tenant
              yield* repository.insert(t, yield* build(1, at(0), { externalReferences: { shop: "S-9" } }))
              const second = yield* build(2, at(1), { externalReferences: { crm: "C-2", shop: "S-9" } })
              const error = yield* Effect.flip(repository.insert(t, second))
              sameError(error, new Customer.ExternalReferenceTaken({ key: "shop", value: "S-9" }))
              assert.isTrue(Option.isNone(yield* repository.find(t, { id: second.id })))
              assert.isTrue(
                Option.isNone(yield* repository.find(t, { externalReference: { key: "crm", value: "C-2" } }))
              )
            })
        )

        it.effect("allows the same key with another value and the same value under another key", () =>
          Effect.gen(function* () {
            const repository = yield* CustomerRepository
            const t = yield* tenant
            yield* repository.insert(t, yield* build(1, at(0), { externalReferences: { crm: "7" } }))
            yield* repository.insert(t, yield* build(2, at(1), { externalReferences: { crm: "8" } }))
            yield* repository.insert(t, yield* build(3, at(2), { externalReferences: { erp: "7" } }))
            const found = yield* repository.find(t, { externalReference: { key: "erp", value: "7" } })
            assert.deepStrictEqual(
              Option.map(found, (c) => c.id),
              Option.some(customerId(3))
            )
          })
        )

        it.effect("leaves the surrounding transaction usable after a refused write", () =>
          Effect.gen(function* () {
            const repository = yield* CustomerRepository
            const t = yield* tenant
            yield* repository.insert(
              t,
              yield* build(1, at(0), { identifier: "taken", externalReferences: { crm: "1" } })
            )
            const sameIdentifier = yield* build(2, at(1), { identifier: "taken" })
            const sameReference = yield* build(3, at(2), { externalReferences: { crm: "1" } })
            const accepted = yield* build(4, at(3))
            const refusals = yield* (yield* Transactions).run(
              Effect.gen(function* () {
                const first = yield* Effect.flip(repository.insert(t, sameIdentifier))
                const second = yield* Effect.flip(repository.insert(t, sameReference))
                yield* repository.insert(t, accepted)
                return [first._tag, second._tag]
              })
            )
            assert.deepStrictEqual(refusals, ["IdentifierTaken", "ExternalReferenceTaken"])
            assert.isTrue(Option.isSome(yield* repository.find(t, { id: accepted.id })))
            assert.isTrue(Option.isNone(yield* repository.find(t, { id: sameIdentifier.id })))
            assert.isTrue(Option.isNone(yield* repository.find(t, { id: sameReference.id })))
          })
        )
      })

      customerVersionContract(it, tenant)

      it.effect(
        "keeps tenants apart: the same identifier and pair in two tenants, nothing read or changed across",
        () =>
          Effect.gen(function* () {
            const repository = yield* CustomerRepository
            const [a, b, empty] = [yield* tenant, yield* tenant, yield* tenant]
            const ofA = yield* build(1, at(0), { identifier: "shared", externalReferences: { crm: "77" } })
            const ofB = yield* build(2, at(1), { identifier: "shared", externalReferences: { crm: "77" } })
            yield* repository.insert(a, ofA)
            yield* repository.insert(b, ofB)
            assert.isTrue(Option.isNone(yield* repository.find(b, { id: ofA.id })))
            const byPair = yield* repository.find(b, { externalReference: { key: "crm", value: "77" } })
            assert.deepStrictEqual(
              Option.map(byPair, (c) => c.id),
              Option.some(ofB.id)
            )
            const byIdentifier = yield* repository.find(a, { identifier: "shared" })
            assert.deepStrictEqual(
              Option.map(byIdentifier, (c) => c.id),
              Option.some(ofA.id)
            )
            assert.deepStrictEqual(yield* repository.list(empty, {}), { items: [], nextCursor: null })
            assert.deepStrictEqual((yield* repository.list(empty, { search: "customer" })).items, [])
            const update = yield* Effect.flip(repository.update(b, { ...ofA, version: 2, lastName: "Hijacked" }))
            sameError(update, new Version.VersionConflict({ id: ofA.id, expected: 1, actual: 0 }))
            const remove = yield* Effect.flip(repository.remove(b, ofA.id, 1))
            sameError(remove, new Version.VersionConflict({ id: ofA.id, expected: 1, actual: 0 }))
            const stored = yield* repository.find(a, { id: ofA.id })
            assert.deepStrictEqual(Option.map(stored, asJson), Option.some(asJson(ofA)))
          })
      )

      customerListingContract(it, tenant)
      customerBatchContract(it, tenant)
      customerExportContract(it, tenant)
    })
  })
