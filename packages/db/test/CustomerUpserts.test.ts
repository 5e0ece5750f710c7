/**
 * `customers.upsert` and `customers.upsertMany` (issue 14) on PGlite and PostgreSQL: created when the match finds
 * nobody, updated by a patch of the given fields, unchanged (no write, no event, no version bump) when they already
 * hold what is stored; a batch's error policies, duplicate matches, taken handles, another tenant's customers, and
 * concurrent upserts of one new customer.
 */
import { assert, describe, layer } from "@effect/vitest"
import { CustomerBatchUpserts, Customers, CustomerUpserts, Ids } from "@patron/domain"
import { Effect, Layer } from "effect"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import * as OutboxLive from "../src/Outbox.ts"
import { customers } from "../src/schema.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import { drivers } from "./databases.ts"
import { as, asNewTenant, eventTypes, newTenantId, rowCount } from "./tenancy.ts"

const names = { firstName: "Ada", lastName: "Lovelace" }
const billing = {
  type: "billing" as const,
  street: "1 Analytical Row",
  city: "London",
  postalCode: "N1",
  country: "GB"
}

for (const driver of await drivers()) {
  const adapters = Layer.mergeAll(CustomerRepositoryLive.layer, OutboxLive.layer, TransactionsLive.layer).pipe(
    Layer.provideMerge(driver.layer()),
    Layer.merge(Ids.Ids.layer)
  )

  describe.skipIf(driver.skip !== undefined)(`Customers.upsert on ${driver.name}`, () => {
    layer(adapters, { timeout: "120 seconds" })((it) => {
      it.effect("creates, updates by a patch of the given fields, then leaves an equal customer unchanged", () =>
        Effect.gen(function* () {
          const match = { identifier: "ada" }
          const created = yield* CustomerUpserts.upsert({
            match,
            customer: { ...names, phone: "+4712345678", addresses: [billing] }
          })
          assert.strictEqual(created.outcome, "created")
          assert.strictEqual(created.customer.identifier, "ada")
          const updated = yield* CustomerUpserts.upsert({ match, customer: { ...names, email: "ada@example.com" } })
          assert.strictEqual(updated.outcome, "updated")
          assert.strictEqual(updated.customer.id, created.customer.id)
          assert.strictEqual(updated.customer.version, 2)
          assert.strictEqual(updated.customer.phone, "+4712345678", "a field not given is kept")
          const again = yield* CustomerUpserts.upsert({
            match,
            customer: { ...names, email: "ada@example.com", addresses: [billing] }
          })
          assert.strictEqual(again.outcome, "unchanged", "the same address sent without its id is the same")
          assert.strictEqual(again.customer.version, 2)
          const stored = yield* Customers.get({ identifier: "ada" })
          assert.strictEqual(stored.version, 2)
          assert.deepStrictEqual(yield* eventTypes, ["customer.created", "customer.updated"])
        }).pipe(asNewTenant)
      )

      it.effect("matches by external reference, creating a customer that holds the pair", () =>
        Effect.gen(function* () {
          const match = { externalReference: { key: "erp", value: "E-1" } }
          const created = yield* CustomerUpserts.upsert({ match, customer: { ...names, identifier: "ada-erp" } })
          assert.strictEqual(created.outcome, "created")
          assert.deepStrictEqual(created.customer.externalReferences, { erp: "E-1" })
          const updated = yield* CustomerUpserts.upsert({ match, customer: { ...names, companyName: "Engines" } })
          assert.deepStrictEqual([updated.outcome, updated.customer.id], ["updated", created.customer.id])
        }).pipe(asNewTenant)
      )

      it.effect("never matches another tenant's customer", () =>
        Effect.gen(function* () {
          const [a, b] = [yield* newTenantId, yield* newTenantId]
          const ofA = yield* CustomerUpserts.upsert({ match: { identifier: "ada" }, customer: names }).pipe(as(a))
          const inB = yield* CustomerUpserts.upsert({
            match: { identifier: "ada" },
            customer: { ...names, email: "b@example.com" }
          }).pipe(as(b))
          assert.strictEqual(inB.outcome, "created")
          assert.notStrictEqual(inB.customer.id, ofA.customer.id)
          assert.strictEqual((yield* Customers.get({ id: ofA.customer.id }).pipe(as(a))).version, 1)
        })
      )

      it.effect("concurrent upserts of one new customer create it once", () =>
        Effect.gen(function* () {
          const outcomes = yield* Effect.all(
            Array.from({ length: 6 }, (_, n) =>
              CustomerUpserts.upsert({ match: { identifier: "rush" }, customer: { ...names, middleName: `M${n % 2}` } })
            ),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(outcomes.filter((o) => o.outcome === "created").length, 1)
          assert.strictEqual(new Set(outcomes.map((o) => o.customer.id)).size, 1)
          assert.strictEqual(yield* rowCount(customers), 1)
        }).pipe(asNewTenant)
      )
    })
  })

  describe.skipIf(driver.skip !== undefined)(`Customers.upsertMany on ${driver.name}`, () => {
    layer(adapters, { timeout: "120 seconds" })((it) => {
      it.effect("answers each row's outcome and id, with one event per written row", () =>
        Effect.gen(function* () {
          const kept = yield* Customers.create({ ...names, identifier: "kept" })
          const changed = yield* Customers.create({ ...names, identifier: "changed", externalReferences: { erp: "2" } })
          const { results } = yield* CustomerBatchUpserts.upsertMany({
            rows: [
              { match: { identifier: "new" }, customer: names },
              { match: { identifier: "kept" }, customer: names },
              { match: { externalReference: { key: "erp", value: "2" } }, customer: { ...names, email: "c@x.io" } }
            ]
          })
          assert.deepStrictEqual(
            results.map((r) => [r.index, r.outcome]),
            [
              [0, "created"],
              [1, "unchanged"],
              [2, "updated"]
            ]
          )
          assert.strictEqual(results[1]?.id, kept.id)
          assert.strictEqual(results[2]?.id, changed.id)
          assert.strictEqual((yield* Customers.get({ identifier: "new" })).id, results[0]?.id)
          assert.strictEqual((yield* Customers.get({ id: changed.id })).email, "c@x.io")
          assert.strictEqual((yield* Customers.get({ id: kept.id })).version, 1)
          assert.deepStrictEqual(yield* eventTypes, [
            "customer.created",
            "customer.created",
            "customer.created",
            "customer.updated"
          ])
        }).pipe(asNewTenant)
      )

      it.effect("rejectAll writes nothing when a row fails and names each bad row's fields by path", () =>
        Effect.gen(function* () {
          const error = yield* Effect.flip(
            CustomerBatchUpserts.upsertMany({
              rows: [
                { match: { identifier: "good" }, customer: names },
                { match: { identifier: "bad" }, customer: { ...names, email: "not-an-email" } },
                { match: { identifier: "worse" }, customer: { lastName: "X" } }
              ]
            })
          )
          assert.strictEqual(error._tag, "InputInvalid")
          assert.deepStrictEqual(error._tag === "InputInvalid" ? error.issues.map((issue) => issue.path) : [], [
            ["rows", 1, "customer", "email"],
            ["rows", 2, "customer", "firstName"]
          ])
          assert.deepStrictEqual([yield* rowCount(customers), (yield* eventTypes).length], [0, 0])
        }).pipe(asNewTenant)
      )

      it.effect("rejectFailedRows writes the good rows and answers the failed ones with their issues", () =>
        Effect.gen(function* () {
          const { results } = yield* CustomerBatchUpserts.upsertMany({
            errorPolicy: "rejectFailedRows",
            rows: [
              { match: { identifier: "good" }, customer: names },
              { match: { identifier: "bad" }, customer: { ...names, email: "not-an-email" } },
              "not a row"
            ]
          })
          assert.deepStrictEqual(
            results.map((r) => r.outcome),
            ["created", "failed", "failed"]
          )
          assert.deepStrictEqual(results[1]?.issues?.[0]?.path, ["rows", 1, "customer", "email"])
          assert.deepStrictEqual(results[2]?.issues?.[0]?.path, ["rows", 2])
          assert.isUndefined(results[1]?.id)
          assert.deepStrictEqual([yield* rowCount(customers), (yield* eventTypes).length], [1, 1])
        }).pipe(asNewTenant)
      )

      it.effect("a later row matching the same customer as an earlier one fails, naming that row", () =>
        Effect.gen(function* () {
          yield* Customers.create({ ...names, identifier: "ada", externalReferences: { erp: "1" } })
          const { results } = yield* CustomerBatchUpserts.upsertMany({
            errorPolicy: "rejectFailedRows",
            rows: [
              { match: { identifier: "ada" }, customer: { ...names, email: "one@x.io" } },
              { match: { externalReference: { key: "erp", value: "1" } }, customer: { ...names, email: "two@x.io" } },
              { match: { identifier: "fresh" }, customer: names },
              { match: { identifier: "fresh" }, customer: names }
            ]
          })
          assert.deepStrictEqual(
            results.map((r) => r.outcome),
            ["updated", "failed", "created", "failed"]
          )
          assert.deepStrictEqual(results[1]?.issues, [
            { path: ["rows", 1, "match"], message: "matches the same customer as row 0" }
          ])
          assert.strictEqual(results[3]?.issues?.[0]?.message, "matches the same customer as row 2")
          assert.strictEqual((yield* Customers.get({ identifier: "ada" })).email, "one@x.io")
        }).pipe(asNewTenant)
      )

      it.effect("a row taking an identifier or reference another customer or an earlier row holds fails", () =>
        Effect.gen(function* () {
          yield* Customers.create({ ...names, identifier: "taken" })
          const { results } = yield* CustomerBatchUpserts.upsertMany({
            errorPolicy: "rejectFailedRows",
            rows: [
              {
                match: { externalReference: { key: "shop", value: "1" } },
                customer: { ...names, identifier: "taken" }
              },
              { match: { identifier: "first" }, customer: { ...names, externalReferences: { erp: "9" } } },
              { match: { identifier: "second" }, customer: { ...names, externalReferences: { erp: "9" } } }
            ]
          })
          assert.deepStrictEqual(
            results.map((r) => r.outcome),
            ["failed", "created", "failed"]
          )
          assert.deepStrictEqual(results[0]?.issues, [
            {
              path: ["rows", 0, "customer", "identifier"],
              message: "identifier taken is already used by another customer"
            }
          ])
          assert.deepStrictEqual(results[2]?.issues, [
            {
              path: ["rows", 2, "customer", "externalReferences", "erp"],
              message: "external reference erp=9 is already used by row 1"
            }
          ])
          assert.strictEqual(yield* rowCount(customers), 2)
        }).pipe(asNewTenant)
      )

      it.effect("never matches another tenant's customers", () =>
        Effect.gen(function* () {
          const [a, b] = [yield* newTenantId, yield* newTenantId]
          const ofA = yield* Customers.create({ ...names, identifier: "ada" }).pipe(as(a))
          const { results } = yield* CustomerBatchUpserts.upsertMany({
            rows: [{ match: { identifier: "ada" }, customer: { ...names, email: "b@x.io" } }]
          }).pipe(as(b))
          assert.strictEqual(results[0]?.outcome, "created")
          assert.notStrictEqual(results[0]?.id, ofA.id)
          assert.isUndefined((yield* Customers.get({ id: ofA.id }).pipe(as(a))).email)
        })
      )

      it.effect("1,000 rows: all created in one call, then all unchanged with no event", () =>
        Effect.gen(function* () {
          const rows = Array.from({ length: 1000 }, (_, n) => ({
            match: { externalReference: { key: "erp", value: `E-${n}` } },
            customer: { firstName: "Row", lastName: `${n}`, identifier: `row-${n}`, addresses: [billing] }
          }))
          const started = Date.now()
          const first = yield* CustomerBatchUpserts.upsertMany({ rows })
          const elapsed = Date.now() - started
          console.log(`${driver.name}: upsertMany of 1,000 new customers in ${elapsed} ms`)
          assert.isTrue(first.results.every((r) => r.outcome === "created"))
          assert.strictEqual(yield* rowCount(customers), 1000)
          const second = yield* CustomerBatchUpserts.upsertMany({ rows })
          assert.isTrue(second.results.every((r) => r.outcome === "unchanged"))
          assert.deepStrictEqual(
            second.results.map((r) => r.id),
            first.results.map((r) => r.id)
          )
          const changed = yield* CustomerBatchUpserts.upsertMany({
            rows: rows.map((row) => ({ ...row, customer: { ...row.customer, email: "all@x.io" } }))
          })
          assert.isTrue(changed.results.every((r) => r.outcome === "updated"))
          const types = yield* eventTypes
          assert.deepStrictEqual(
            [
              types.filter((t) => t === "customer.created").length,
              types.filter((t) => t === "customer.updated").length
            ],
            [1000, 1000]
          )
          assert.strictEqual((yield* Customers.get({ identifier: "row-999" })).version, 2)
        }).pipe(asNewTenant)
      )
    })
  })
}
