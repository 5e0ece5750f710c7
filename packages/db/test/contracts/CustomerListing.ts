/**
 * The listing half of the CustomerRepository contract (PRODUCT.md §2): search, filters, sorts and keyset pages that
 * never repeat or skip a customer, whatever is inserted or removed between two pages.
 */
import { assert, describe, type Vitest } from "@effect/vitest"
import { type CustomerQuery, CustomerRepository, type Tenant, type Transactions } from "@patron/domain"
import { Effect } from "effect"
import { Base64Url } from "effect/encoding"
import { at, build, collect, customerId, idsOf, insertAll } from "./customers.ts"

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** Registers the listing tests in a suite whose layer provides the repository; `tenant` makes a fresh tenant. */
export const customerListingContract = <R>(
  it: Vitest.MethodsNonLive<CustomerRepository | Transactions | R>,
  tenant: Effect.Effect<Tenant.TenantId, never, R>
) => {
  const listIds = (t: Tenant.TenantId, query: CustomerQuery.ListQuery) =>
    Effect.gen(function* () {
      const page = yield* (yield* CustomerRepository).list(t, query)
      return page.items.map((customer) => customer.id)
    })
  const sortedIds = (t: Tenant.TenantId, query: CustomerQuery.ListQuery) =>
    Effect.map(listIds(t, { ...query, limit: 200 }), (ids) => [...ids].sort())

  describe("search", () => {
    it.effect("finds a customer by a substring of any searchable field, whatever its case", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, [
          yield* build(1, at(0), {
            identifier: "eng-1843",
            firstName: "Ada",
            middleName: "Augusta",
            lastName: "Lovelace",
            email: "Ada@Analytical.Example",
            companyName: "Difference Engines Ltd",
            phone: "+44 20 7946 0018",
            externalReferences: { legacyCrm: "LC-99812" }
          }),
          yield* build(2, at(1), { identifier: "cb-1791", firstName: "Charles", lastName: "Babbage" })
        ])
        for (const search of [
          "ADA",
          "gust",
          "LOVEL",
          "analytical.ex",
          "ENG-18",
          "difference eng",
          "20 7946",
          "lc-998"
        ]) {
          assert.deepStrictEqual(yield* listIds(t, { search }), idsOf(1), search)
        }
        assert.deepStrictEqual(yield* listIds(t, { search: "BaBb" }), idsOf(2))
        assert.deepStrictEqual(yield* listIds(t, { search: "" }), idsOf(2, 1))
      })
    )

    it.effect("searches neither external reference keys nor meta, and never across two fields", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, [
          yield* build(1, at(0), {
            firstName: "Grace",
            lastName: "Hopper",
            externalReferences: { legacyCrm: "7" },
            meta: { nickname: "amazing" }
          })
        ])
        for (const search of ["legacycrm", "amazing", "grace hopper", "gracehopper"]) {
          assert.deepStrictEqual(yield* listIds(t, { search }), [], search)
        }
      })
    )

    it.effect("treats %, _ and \\ in a search literally", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        const lastNames = ["50% off", "50 percent off", "snake_case", "snakeXcase", "back\\slash", "backslash"]
        yield* insertAll(
          t,
          yield* Effect.forEach(lastNames, (lastName, i) => build(i + 1, at(i), { lastName, identifier: `lit-${i}` }))
        )
        const cases: ReadonlyArray<readonly [string, ReadonlyArray<number>]> = [
          ["50%", [1]],
          ["%", [1]],
          ["e_c", [3]],
          ["_", [3]],
          ["k\\s", [5]],
          ["\\", [5]],
          ["50", [1, 2]]
        ]
        for (const [search, expected] of cases) {
          assert.deepStrictEqual(yield* sortedIds(t, { search }), idsOf(...expected), search)
        }
      })
    )
  })

  describe("filters", () => {
    it.effect("filters by type", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, [
          yield* build(1, at(0), { type: "organization" }),
          yield* build(2, at(1)),
          yield* build(3, at(2), { type: "organization" })
        ])
        assert.deepStrictEqual(yield* sortedIds(t, { type: "organization" }), idsOf(1, 3))
        assert.deepStrictEqual(yield* sortedIds(t, { type: "individual" }), idsOf(2))
      })
    )

    it.effect("filters by a meta pair, matching key and value exactly", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        const quoted = 'say "hi" \\ ünï'
        yield* insertAll(t, [
          yield* build(1, at(0), { meta: { tier: "gold" } }),
          yield* build(2, at(1), { meta: { tier: "silver", note: quoted } }),
          yield* build(3, at(2), { meta: { tier: "gold", region: "eu" } }),
          yield* build(4, at(3), { meta: { region: "gold" } })
        ])
        assert.deepStrictEqual(yield* sortedIds(t, { meta: { key: "tier", value: "gold" } }), idsOf(1, 3))
        assert.deepStrictEqual(yield* sortedIds(t, { meta: { key: "region", value: "eu" } }), idsOf(3))
        assert.deepStrictEqual(yield* sortedIds(t, { meta: { key: "tier", value: "Gold" } }), [])
        assert.deepStrictEqual(yield* sortedIds(t, { meta: { key: "note", value: quoted } }), idsOf(2))
      })
    )

    it.effect("filters by an external reference pair", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, [
          yield* build(1, at(0), { externalReferences: { crm: "1", erp: "2" } }),
          yield* build(2, at(1), { externalReferences: { crm: "2" } }),
          yield* build(3, at(2), { externalReferences: { erp: "1" } })
        ])
        assert.deepStrictEqual(yield* sortedIds(t, { externalReference: { key: "crm", value: "1" } }), idsOf(1))
        assert.deepStrictEqual(yield* sortedIds(t, { externalReference: { key: "erp", value: "1" } }), idsOf(3))
        assert.deepStrictEqual(yield* sortedIds(t, { externalReference: { key: "crm", value: "3" } }), [])
      })
    )

    it.effect("filters by creation time: createdAfter inclusive, createdBefore exclusive, to the millisecond", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, yield* Effect.forEach(range(1, 5), (n) => build(n, at(n))))
        yield* insertAll(t, [yield* build(6, at(2, -1)), yield* build(7, at(4, -1))])
        assert.deepStrictEqual(yield* sortedIds(t, { createdAfter: at(2) }), idsOf(2, 3, 4, 5, 7))
        assert.deepStrictEqual(yield* sortedIds(t, { createdBefore: at(4) }), idsOf(1, 2, 3, 6, 7))
        assert.deepStrictEqual(yield* sortedIds(t, { createdAfter: at(2), createdBefore: at(4) }), idsOf(2, 3, 7))
      })
    )

    it.effect("combines search and filters across pages", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        const customers = yield* Effect.forEach(range(1, 20), (n) =>
          build(n, at(n), {
            type: n % 2 === 0 ? "organization" : "individual",
            lastName: n % 3 === 0 ? `Smith${n}` : `Jones${n}`,
            meta: { batch: n <= 15 ? "a" : "b" }
          })
        )
        yield* insertAll(t, customers)
        const query = { search: "SMITH", type: "organization", meta: { key: "batch", value: "a" }, limit: 1 } as const
        assert.deepStrictEqual(yield* collect(t, query), { ids: idsOf(12, 6), pages: 2 })
      })
    )
  })

  describe("sort", () => {
    // n: [createdAt minute, updatedAt minute, lastName]; ties in each key are broken by id.
    const rows: ReadonlyArray<readonly [number, number, string]> = [
      [10, 50, "Baker"],
      [10, 20, "adams"],
      [5, 50, "ADAMS"],
      [20, 30, "de la Cruz"],
      [15, 10, "dela"],
      [15, 40, "Ádám"],
      [1, 60, "de-la"]
    ]
    const ascending: Record<CustomerQuery.Sort["field"], ReadonlyArray<number>> = {
      createdAt: [7, 3, 1, 2, 5, 6, 4],
      updatedAt: [5, 2, 4, 6, 1, 3, 7],
      lastName: [2, 3, 1, 4, 7, 5, 6]
    }
    for (const field of ["createdAt", "updatedAt", "lastName"] as const) {
      for (const direction of ["asc", "desc"] as const) {
        it.effect(`sorts by ${field} ${direction}, ties by id, the same on one page as across pages of 2`, () =>
          Effect.gen(function* () {
            const t = yield* tenant
            yield* insertAll(
              t,
              yield* Effect.forEach(rows, ([created, updated, lastName], i) =>
                build(i + 1, at(created), { lastName }, at(updated))
              )
            )
            const order = direction === "asc" ? ascending[field] : [...ascending[field]].reverse()
            const sort = { field, direction }
            assert.deepStrictEqual(yield* listIds(t, { sort }), idsOf(...order))
            assert.deepStrictEqual(yield* collect(t, { sort, limit: 2 }), { ids: idsOf(...order), pages: 4 })
          })
        )
      }
    }
  })

  describe("pages", () => {
    it.effect("walks 120 customers in pages of 7: each exactly once, in order, no cursor after the last", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        // Three customers share each creation instant, so pages also turn inside a tie.
        yield* insertAll(t, yield* Effect.forEach(range(1, 120), (n) => build(n, at(Math.floor((n - 1) / 3)))))
        const walked = yield* collect(t, { limit: 7 })
        assert.deepStrictEqual(walked, { ids: idsOf(...range(1, 120).reverse()), pages: 18 })
        const oldestFirst = yield* collect(t, { limit: 7, sort: { field: "createdAt", direction: "asc" } })
        assert.deepStrictEqual(oldestFirst.ids, idsOf(...range(1, 120)))
      })
    )

    it.effect("holds 50 customers per page unless told otherwise, and no cursor after an exactly full last page", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, yield* Effect.forEach(range(1, 100), (n) => build(n, at(n))))
        const repository = yield* CustomerRepository
        const first = yield* repository.list(t, {})
        assert.strictEqual(first.items.length, 50)
        assert.isNotNull(first.nextCursor)
        const second = yield* repository.list(t, { cursor: first.nextCursor ?? "" })
        assert.deepStrictEqual(
          second.items.map((c) => c.id),
          idsOf(...range(1, 50).reverse())
        )
        assert.isNull(second.nextCursor)
      })
    )

    it.effect("never repeats or skips a customer while newer ones are inserted between pages", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, yield* Effect.forEach(range(1, 30), (n) => build(n, at(n))))
        let next = 100
        const insertNewer = Effect.gen(function* () {
          yield* insertAll(t, [yield* build(next, at(next)), yield* build(next + 1, at(next, 500))])
          next += 2
        })
        const newestFirst = yield* collect(t, { limit: 4 }, insertNewer)
        assert.deepStrictEqual(newestFirst.ids, idsOf(...range(1, 30).reverse()))
        const oldestFirst = yield* collect(t, { limit: 4, sort: { field: "createdAt", direction: "asc" } }, insertNewer)
        assert.strictEqual(new Set(oldestFirst.ids).size, oldestFirst.ids.length)
        assert.deepStrictEqual(oldestFirst.ids.slice(0, 30), idsOf(...range(1, 30)))
        assert.deepStrictEqual(oldestFirst.ids.slice(30), idsOf(...range(100, next - 1)))
      })
    )

    it.effect("resumes right after the cursor's customer even when that customer was removed", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, yield* Effect.forEach(range(1, 6), (n) => build(n, at(n))))
        const repository = yield* CustomerRepository
        const first = yield* repository.list(t, { limit: 3 })
        yield* repository.remove(t, customerId(4), 1)
        const second = yield* repository.list(t, { limit: 3, cursor: first.nextCursor ?? "" })
        assert.deepStrictEqual(
          second.items.map((c) => c.id),
          idsOf(3, 2, 1)
        )
      })
    )

    it.effect("refuses a tampered cursor with CursorInvalid", () =>
      Effect.gen(function* () {
        const t = yield* tenant
        yield* insertAll(t, [yield* build(1, at(1))])
        const repository = yield* CustomerRepository
        const tampered = ["not a cursor", "%%%", Base64Url.encode("not json"), Base64Url.encode("[1]")]
        for (const cursor of [...tampered, Base64Url.encode('{"a":1}'), Base64Url.encode("[1,2,3]")]) {
          const error = yield* Effect.flip(repository.list(t, { cursor }))
          assert.deepStrictEqual({ ...error }, { _tag: "CursorInvalid", cursor }, cursor)
        }
      })
    )
  })
}
