import { assert, describe, it } from "@effect/vitest"
import { CustomerRepository, type Tenant } from "@patron/domain"
import { Effect, Layer } from "effect"
import { generate } from "../bench/customers.ts"
import * as BulkLoad from "../src/BulkLoad.ts"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import * as Tenants from "../src/Tenants.ts"
import { drivers } from "./databases.ts"

const tenant = "ten_00000000000000000000000001" as Tenant.TenantId
const customers = generate(10_000)

for (const driver of await drivers()) {
  const layer = () => CustomerRepositoryLive.layer.pipe(Layer.provideMerge(driver.layer()))

  describe.skipIf(driver.skip !== undefined)(`10,000 customers on ${driver.name}`, () => {
    it.effect(
      "reaches every customer exactly once across pages, and finds a last name by any case of a part of it",
      () =>
        Effect.gen(function* () {
          yield* Tenants.ensure({ id: tenant, name: "many" })
          yield* BulkLoad.customers(tenant, customers)
          const repository = yield* CustomerRepository
          const seen = new Set<string>()
          let pages = 0
          let cursor: string | null = null
          do {
            const page: { items: ReadonlyArray<{ id: string }>; nextCursor: string | null } = yield* repository.list(
              tenant,
              {
                limit: 200,
                sort: { field: "lastName", direction: "asc" },
                ...(cursor === null ? {} : { cursor })
              }
            )
            for (const customer of page.items) {
              assert.isFalse(seen.has(customer.id), `${customer.id} seen twice`)
              seen.add(customer.id)
            }
            cursor = page.nextCursor
            pages++
          } while (cursor !== null)
          assert.strictEqual(seen.size, 10_000)
          assert.strictEqual(pages, 50)

          const expected = customers.filter((c) => c.lastName.toLowerCase().includes("stergå")).length
          let found = 0
          cursor = null
          do {
            const page: { items: ReadonlyArray<unknown>; nextCursor: string | null } = yield* repository.list(tenant, {
              search: "STERGÅ",
              limit: 200,
              ...(cursor === null ? {} : { cursor })
            })
            found += page.items.length
            cursor = page.nextCursor
          } while (cursor !== null)
          assert.isAbove(expected, 100)
          assert.strictEqual(found, expected)
        }).pipe(Effect.provide(layer())),
      120_000
    )
  })
}
