/**
 * Orders that bring their customer (`orders.create` with `customer`, issue 14) on PGlite and PostgreSQL: found by
 * identifier, then by external reference, else created in the order's transaction with `customer.created` before
 * `order.created`; creating needs customers:create; another tenant's customers are never found; concurrent orders for
 * the same new customer make one.
 */
import { assert, describe, layer } from "@effect/vitest"
import {
  type Customer as CustomerModule,
  Customers,
  Ids,
  OrderCustomer,
  Orders,
  Permission,
  Validation
} from "@patron/domain"
import { Effect, Layer } from "effect"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import * as OrderRepositoryLive from "../src/OrderRepository.ts"
import * as OutboxLive from "../src/Outbox.ts"
import { customers, orders } from "../src/schema.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import { drivers } from "./databases.ts"
import { as, asNewTenant, eventTypes, newTenantId, rowCount } from "./tenancy.ts"

const order = (customer: Record<string, unknown>) =>
  Validation.decode(
    OrderCustomer.CreateInput,
    ...OrderCustomer.inputRules
  )({ customer, currency: "EUR", items: [{ name: "Book", quantity: "1", unitPrice: "10" }] })

const ada: CustomerModule.CreateInput = { identifier: "ada", firstName: "Ada", lastName: "Lovelace" }
const withoutCustomersCreate = Permission.all.filter((permission) => permission !== "customers:create")

for (const driver of await drivers()) {
  const adapters = Layer.mergeAll(
    CustomerRepositoryLive.layer,
    OrderRepositoryLive.layer,
    OutboxLive.layer,
    TransactionsLive.layer
  ).pipe(Layer.provideMerge(driver.layer()), Layer.merge(Ids.Ids.layer))

  describe.skipIf(driver.skip !== undefined)(`Orders.create bringing its customer on ${driver.name}`, () => {
    layer(adapters, { timeout: "60 seconds" })((it) => {
      it.effect("finds the customer by identifier and creates none", () =>
        Effect.gen(function* () {
          const existing = yield* Customers.create(ada)
          const created = yield* Orders.create(yield* order({ identifier: "ada", firstName: "Other", lastName: "X" }))
          assert.strictEqual(created.customerId, existing.id)
          assert.isFalse(created.customerCreated)
          assert.strictEqual(created.customer.firstName, "Ada", "the found customer is taken as it is")
          assert.deepStrictEqual(yield* eventTypes, ["customer.created", "order.created"])
          assert.strictEqual(yield* rowCount(customers), 1)
        }).pipe(asNewTenant)
      )

      it.effect("finds it by external reference when the identifier matches nobody, and by identifier first", () =>
        Effect.gen(function* () {
          const byReference = yield* Customers.create({ ...ada, externalReferences: { erp: "7" } })
          const other = yield* Customers.create({ identifier: "grace", firstName: "Grace", lastName: "Hopper" })
          const viaReference = yield* Orders.create(
            yield* order({
              identifier: "unknown",
              externalReference: { key: "erp", value: "7" },
              firstName: "A",
              lastName: "B"
            })
          )
          assert.strictEqual(viaReference.customerId, byReference.id)
          assert.isFalse(viaReference.customerCreated)
          const identifierFirst = yield* Orders.create(
            yield* order({ identifier: "grace", externalReference: { key: "erp", value: "7" }, ...names })
          )
          assert.strictEqual(identifierFirst.customerId, other.id)
          assert.strictEqual(yield* rowCount(customers), 2)
          assert.isTrue((yield* Effect.flip(Customers.get({ identifier: "unknown" })))._tag === "CustomerNotFound")
        }).pipe(asNewTenant)
      )

      it.effect(
        "creates a customer not found, with its external reference, customer.created before order.created",
        () =>
          Effect.gen(function* () {
            const created = yield* Orders.create(
              yield* order({
                identifier: "new",
                externalReference: { key: "shop", value: "c-1" },
                firstName: "Nell",
                lastName: "Newcomer",
                email: "nell@example.com",
                externalReferences: { erp: "9" }
              })
            )
            assert.isTrue(created.customerCreated)
            const customer = yield* Customers.get({ externalReference: { key: "shop", value: "c-1" } })
            assert.strictEqual(customer.id, created.customerId)
            assert.strictEqual(customer.identifier, "new")
            assert.strictEqual(customer.email, "nell@example.com")
            assert.deepStrictEqual(customer.externalReferences, { erp: "9", shop: "c-1" })
            assert.strictEqual(created.customer.identifier, "new")
            assert.deepStrictEqual(yield* eventTypes, ["customer.created", "order.created"])
            const again = yield* Orders.create(yield* order({ identifier: "new", ...names }))
            assert.isFalse(again.customerCreated)
            assert.deepStrictEqual(yield* eventTypes, ["customer.created", "order.created", "order.created"])
          }).pipe(asNewTenant)
      )

      it.effect("refuses to create a customer without customers:create, writing nothing; a found one needs none", () =>
        Effect.gen(function* () {
          const refused = yield* Effect.flip(
            Orders.create(yield* order({ identifier: "new", ...names }), { granted: withoutCustomersCreate })
          )
          assert.strictEqual(refused._tag, "PermissionDenied")
          assert.strictEqual(refused.message, "missing permission customers:create")
          assert.deepStrictEqual([yield* rowCount(customers), yield* rowCount(orders)], [0, 0])
          assert.deepStrictEqual(yield* eventTypes, [])
          yield* Customers.create(ada)
          const found = yield* Orders.create(yield* order({ identifier: "ada", ...names }), {
            granted: withoutCustomersCreate
          })
          assert.isFalse(found.customerCreated)
        }).pipe(asNewTenant)
      )

      it.effect("never finds another tenant's customer: it creates one of its own", () =>
        Effect.gen(function* () {
          const tenantA = yield* newTenantId
          const tenantB = yield* newTenantId
          const ofA = yield* Customers.create({ ...ada, externalReferences: { erp: "1" } }).pipe(as(tenantA))
          const input = yield* order({ identifier: "ada", externalReference: { key: "erp", value: "1" }, ...names })
          const inB = yield* Orders.create(input).pipe(as(tenantB))
          assert.isTrue(inB.customerCreated)
          assert.notStrictEqual(inB.customerId, ofA.id)
          assert.strictEqual((yield* Customers.get({ id: ofA.id }).pipe(as(tenantA))).version, 1)
          assert.deepStrictEqual(yield* eventTypes.pipe(as(tenantA)), ["customer.created"])
        })
      )

      it.effect("a taken external reference that is not the one looked up is refused, nothing written", () =>
        Effect.gen(function* () {
          yield* Customers.create({ ...ada, externalReferences: { erp: "7" } })
          const refused = yield* Effect.flip(
            Orders.create(yield* order({ identifier: "new", externalReferences: { erp: "7" }, ...names }))
          )
          assert.strictEqual(refused._tag, "ExternalReferenceTaken")
          assert.deepStrictEqual([yield* rowCount(customers), yield* rowCount(orders)], [1, 0])
          assert.deepStrictEqual(yield* eventTypes, ["customer.created"])
        }).pipe(asNewTenant)
      )

      it.effect("concurrent orders for the same new identifier make one customer", () =>
        Effect.gen(function* () {
          const input = yield* order({ identifier: "rush", ...names })
          const placed = yield* Effect.all(
            Array.from({ length: 8 }, () => Orders.create(input)),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(new Set(placed.map((o) => o.customerId)).size, 1)
          assert.strictEqual(placed.filter((o) => o.customerCreated).length, 1)
          assert.deepStrictEqual([yield* rowCount(customers), yield* rowCount(orders)], [1, 8])
          const types = yield* eventTypes
          assert.strictEqual(types.filter((type) => type === "customer.created").length, 1)
          assert.strictEqual(types.filter((type) => type === "order.created").length, 8)
        }).pipe(asNewTenant)
      )

      it.effect("concurrent orders for the same new external reference (no identifier) make one customer", () =>
        Effect.gen(function* () {
          const input = yield* order({ externalReference: { key: "shop", value: "42" }, ...names })
          const placed = yield* Effect.all(
            Array.from({ length: 6 }, () => Orders.create(input)),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(new Set(placed.map((o) => o.customerId)).size, 1)
          assert.strictEqual(placed.filter((o) => o.customerCreated).length, 1)
          assert.strictEqual(yield* rowCount(customers), 1)
        }).pipe(asNewTenant)
      )
    })
  })
}

const names = { firstName: "Some", lastName: "Body" }
