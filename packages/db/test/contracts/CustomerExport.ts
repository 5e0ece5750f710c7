/**
 * The export half of the CustomerRepository contract (docs/csv.md): `keysOf` names every metadata and external
 * reference key the customers matching a query's filters hold, and `readPage` pages through them as stored, in the
 * listing's order, past the API's page size.
 */
import { assert, describe, type Vitest } from "@effect/vitest"
import {
  type Customer,
  type CustomerQuery,
  CustomerRepository,
  type Page,
  type Tenant,
  type Transactions
} from "@patron/domain"
import { Effect } from "effect"
import { asJson, at, build, idsOf, insertAll } from "./customers.ts"

/** Registers the export tests in a suite whose layer provides the repository; `tenant` makes a fresh tenant. */
export const customerExportContract = <R>(
  it: Vitest.MethodsNonLive<CustomerRepository | Transactions | R>,
  tenant: Effect.Effect<Tenant.TenantId, never, R>
) => {
  /** Every page of `readPage`, following nextCursor: the documents in order and how many pages it took. */
  const readAll = (t: Tenant.TenantId, query: CustomerQuery.ListQuery) =>
    Effect.gen(function* () {
      const repository = yield* CustomerRepository
      const documents: Array<Customer.CustomerJson> = []
      let pages = 0
      let cursor: string | null = null
      do {
        const page: Page.Page<Customer.CustomerJson> = yield* repository.readPage(
          t,
          cursor === null ? query : { ...query, cursor }
        )
        documents.push(...page.items)
        pages++
        cursor = page.nextCursor
      } while (cursor !== null && pages < 1_000)
      return { documents, pages }
    })

  describe("keysOf", () => {
    it.effect("names each metadata and external reference key of the matching customers once, sorted", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        const other = yield* tenant
        yield* insertAll(t, [
          yield* build(1, at(0), {
            type: "organization",
            meta: { plan: "gold", region: "eu" },
            externalReferences: { erp: "1" }
          }),
          yield* build(2, at(1), {
            type: "organization",
            meta: { plan: "free" },
            externalReferences: { shop: "2", erp: "2" }
          }),
          yield* build(3, at(2), { meta: { onlyIndividuals: "x" }, externalReferences: { crm: "3" } })
        ])
        yield* insertAll(other, [
          yield* build(4, at(0), { meta: { otherTenant: "x" }, externalReferences: { os: "4" } })
        ])
        const repository = yield* CustomerRepository
        assert.deepStrictEqual(yield* repository.keysOf(t, {}), {
          meta: ["onlyIndividuals", "plan", "region"],
          references: ["crm", "erp", "shop"]
        })
        assert.deepStrictEqual(yield* repository.keysOf(t, { type: "organization" }), {
          meta: ["plan", "region"],
          references: ["erp", "shop"]
        })
        assert.deepStrictEqual(yield* repository.keysOf(t, { externalReference: { key: "shop", value: "2" } }), {
          meta: ["plan"],
          references: ["erp", "shop"]
        })
        assert.deepStrictEqual(yield* repository.keysOf(t, { search: "nobody" }), { meta: [], references: [] })
      })
    )
  })

  describe("readPage", () => {
    it.effect("pages through every matching customer as stored, in the listing's order, 500 a page", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        const customers = yield* Effect.forEach(
          Array.from({ length: 1_203 }, (_, i) => i + 1),
          (n) => build(n, at(n % 7, n), { type: n % 3 === 0 ? "organization" : "individual", meta: { n: String(n) } })
        )
        yield* (yield* CustomerRepository).insertMany(t, customers)
        const { documents, pages } = yield* readAll(t, { limit: 500 })
        assert.strictEqual(pages, 3)
        const newestFirst = [...customers].sort(
          (a, b) => b.createdAt.epochMilliseconds - a.createdAt.epochMilliseconds || (a.id < b.id ? 1 : -1)
        )
        assert.deepStrictEqual(
          documents.map((document) => document.id),
          newestFirst.map((customer) => customer.id)
        )
        assert.deepStrictEqual(documents.slice(0, 3), newestFirst.slice(0, 3).map(asJson))
        const organizations = yield* readAll(t, {
          type: "organization",
          limit: 500,
          sort: { field: "lastName", direction: "asc" }
        })
        assert.strictEqual(organizations.documents.length, 401)
        assert.deepStrictEqual(
          organizations.documents.map((document) => document.lastName),
          customers
            .filter((customer) => customer.type === "organization")
            .map((customer) => customer.lastName)
            .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
        )
        assert.deepStrictEqual((yield* readAll(t, { search: "customer1202", limit: 500 })).documents.length, 1)
      })
    )

    it.effect("never answers another tenant's customers", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        const other = yield* tenant
        yield* insertAll(t, [yield* build(1, at(0))])
        yield* insertAll(other, [yield* build(2, at(0))])
        const { documents } = yield* readAll(t, { limit: 500 })
        assert.deepStrictEqual(
          documents.map((document) => document.id),
          idsOf(1)
        )
      })
    )
  })
}
