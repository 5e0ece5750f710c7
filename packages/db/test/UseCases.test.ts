/**
 * The domain's use cases on the real database, with every SQL adapter: the deletion cascade of PRODUCT.md §2, and a
 * failure part-way through a transaction leaving neither the records nor their outbox messages.
 */
import { assert, describe, layer } from "@effect/vitest"
import {
  Customers,
  Ids,
  Order,
  Orders,
  Outbox,
  SubscriptionContract,
  SubscriptionContracts,
  Tenant,
  Usage,
  UsageRecords,
  UsageRepository,
  Validation
} from "@patron/domain"
import { Samples } from "@patron/domain/testing"
import { sql, type Table } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import { Database } from "../src/Database.ts"
import * as OrderRepositoryLive from "../src/OrderRepository.ts"
import * as OutboxLive from "../src/Outbox.ts"
import * as SubscriptionContractRepositoryLive from "../src/SubscriptionContractRepository.ts"
import { customers, orders, outboxMessages, subscriptionContracts, usageRecords } from "../src/schema.ts"
import * as Tenants from "../src/Tenants.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import * as UsageRepositoryLive from "../src/UsageRepository.ts"
import { newTenant } from "./contracts/samples.ts"
import { drivers } from "./databases.ts"

const setNow = (iso: string) => TestClock.setTime(Date.parse(iso))

/** Runs a test as a new tenant of its own, so tests sharing the database never meet. */
const asNewTenant = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const id = yield* Tenants.ensure({ id: newTenant(), name: `tenant ${Math.random()}` })
    return yield* Effect.provideService(effect, Tenant.CurrentTenant, { id })
  })

const rowCount = (table: Table, tenant: Tenant.TenantId) =>
  Database.use((db) =>
    db.query<{ count: number }>(sql`select count(*)::int as count from ${table} where tenant_id = ${tenant}`)
  ).pipe(
    Effect.orDie,
    Effect.map((rows) => rows[0]?.count ?? 0)
  )

const outboxOf = (tenant: Tenant.TenantId) =>
  Database.use((db) =>
    db.query<{ type: string; payload: { readonly data: Record<string, unknown> } }>(
      sql`select type, payload from ${outboxMessages} where tenant_id = ${tenant} order by position`
    )
  ).pipe(Effect.orDie)

/** A customer with an order and a metered contract activated on Nov 1st, usage on Nov 11th, the clock on Nov 11th. */
const customerWithEverything = Effect.gen(function* () {
  yield* setNow("2026-11-01T00:00:00Z")
  const customer = yield* Customers.create({ firstName: "Ada", lastName: "Lovelace", identifier: "ada" })
  const order = yield* Orders.create(
    yield* Validation.decode(Order.CreateInput)({
      customerId: customer.id,
      currency: "EUR",
      items: [{ name: "Setup", quantity: "1", unitPrice: "99" }]
    })
  )
  const contract = yield* SubscriptionContracts.create(
    yield* Validation.decode(SubscriptionContract.CreateInput)({
      customerId: customer.id,
      ...Samples.meteredPlan({ tiers: [{ threshold: "0", unitPrice: "0.01" }] })
    })
  )
  yield* setNow("2026-11-11T00:00:00Z")
  const usage = yield* UsageRecords.record(
    yield* Validation.decode(Usage.RecordInput)({
      contractId: contract.id,
      meteredVariable: "calls",
      quantity: "5",
      idempotencyKey: "k1"
    })
  )
  return { customer, order, contract, usage }
})

for (const driver of await drivers()) {
  const adapters = Layer.mergeAll(
    CustomerRepositoryLive.layer,
    OrderRepositoryLive.layer,
    SubscriptionContractRepositoryLive.layer,
    UsageRepositoryLive.layer,
    OutboxLive.layer,
    TransactionsLive.layer
  ).pipe(Layer.provideMerge(driver.layer()), Layer.merge(Ids.Ids.layer))

  describe.skipIf(driver.skip !== undefined)(`use cases on ${driver.name}`, () => {
    layer(adapters, { timeout: "60 seconds" })((it) => {
      it.effect("Customers.remove keeps the orders, deletes contracts with their usage, and writes both events", () =>
        Effect.gen(function* () {
          const tenant = (yield* Tenant.CurrentTenant).id
          const { customer, order, contract } = yield* customerWithEverything
          const outcome = yield* Customers.remove({ id: customer.id, expectedVersion: 1 })
          assert.deepStrictEqual(outcome, {
            id: customer.id,
            preservedOrderCount: 1,
            deletedSubscriptionContractIds: [contract.id]
          })
          assert.deepStrictEqual(Order.toJson(yield* Orders.get(order.id)), Order.toJson(order))
          assert.strictEqual((yield* Orders.list({ customerId: customer.id })).items.length, 1)
          assert.strictEqual((yield* Effect.flip(Customers.get({ id: customer.id })))._tag, "CustomerNotFound")
          const gone = yield* Effect.flip(SubscriptionContracts.get(contract.id))
          assert.strictEqual(gone._tag, "SubscriptionContractNotFound")
          assert.isTrue(Option.isNone(yield* (yield* UsageRepository).findByKey(tenant, contract.id, "k1")))
          assert.deepStrictEqual(
            [yield* rowCount(customers, tenant), yield* rowCount(subscriptionContracts, tenant)],
            [0, 0]
          )
          assert.deepStrictEqual([yield* rowCount(usageRecords, tenant), yield* rowCount(orders, tenant)], [0, 1])
          const messages = yield* outboxOf(tenant)
          assert.deepStrictEqual(
            messages.map((m) => m.type),
            [
              "customer.created",
              "order.created",
              "subscription_contract.created",
              "customer.deleted",
              "subscription_contract.deleted"
            ]
          )
          const deleted = messages[3]?.payload.data
          assert.deepStrictEqual(deleted?.deletedSubscriptionContractIds, [contract.id])
          assert.strictEqual(deleted?.preservedOrderCount, 1)
          assert.strictEqual(messages[4]?.payload.data.id, contract.id)
        }).pipe(asNewTenant)
      )

      it.effect("a deletion racing order and contract creation never loses count of what it kept", () =>
        Effect.gen(function* () {
          const tenant = (yield* Tenant.CurrentTenant).id
          const { contract } = yield* customerWithEverything
          const contractInput = {
            plan: contract.plan,
            item: contract.item,
            currency: contract.currency,
            recurring: SubscriptionContract.toJson(contract).recurring
          }
          for (let round = 0; round < 10; round++) {
            const customer = yield* Customers.create({ firstName: "Race", lastName: `${round}` })
            const orderInput = yield* Validation.decode(Order.CreateInput)({
              customerId: customer.id,
              currency: "EUR",
              items: [{ name: "x", quantity: "1", unitPrice: "1" }]
            })
            const newContract = yield* Validation.decode(SubscriptionContract.CreateInput)({
              customerId: customer.id,
              ...contractInput
            })
            const [removed, order, created] = yield* Effect.all(
              [
                Effect.result(Customers.remove({ id: customer.id })),
                Effect.result(Orders.create(orderInput)),
                Effect.result(SubscriptionContracts.create(newContract))
              ],
              { concurrency: "unbounded" }
            )
            assert.isTrue(removed._tag === "Success", "the deletion always succeeds")
            if (removed._tag !== "Success") continue
            const kept = yield* rowCount(orders, tenant).pipe(
              Effect.andThen(() =>
                Orders.list({ customerId: customer.id }).pipe(Effect.map((page) => page.items.length))
              )
            )
            // An order either landed before the deletion (and was counted) or was refused after it.
            assert.strictEqual(kept, removed.success.preservedOrderCount)
            if (order._tag === "Failure") assert.strictEqual(order.failure._tag, "CustomerNotFound")
            if (created._tag === "Failure") assert.strictEqual(created.failure._tag, "CustomerNotFound")
            assert.strictEqual(
              removed.success.deletedSubscriptionContractIds.length,
              created._tag === "Success" ? 1 : 0
            )
          }
        }).pipe(asNewTenant)
      )

      it.effect("a failing outbox after the customer row is written leaves neither", () =>
        Effect.gen(function* () {
          const tenant = (yield* Tenant.CurrentTenant).id
          const failing = Outbox.of({ append: () => Effect.die("the outbox insert failed") })
          const exit = yield* Effect.exit(
            Customers.create({ firstName: "Ada", lastName: "Lovelace" }).pipe(Effect.provideService(Outbox, failing))
          )
          assert.isTrue(exit._tag === "Failure")
          assert.deepStrictEqual((yield* Customers.list({})).items, [])
          assert.deepStrictEqual([yield* rowCount(customers, tenant), (yield* outboxOf(tenant)).length], [0, 0])
        }).pipe(asNewTenant)
      )

      it.effect("a failure after the use cases' writes, inside one transaction, rolls back rows and messages", () =>
        Effect.gen(function* () {
          const tenant = (yield* Tenant.CurrentTenant).id
          const db = yield* Database
          const exit = yield* Effect.exit(
            db.transaction(
              Effect.gen(function* () {
                yield* customerWithEverything
                assert.strictEqual((yield* outboxOf(tenant)).length, 3, "written inside the transaction")
                return yield* Effect.fail("injected failure after the writes")
              })
            )
          )
          assert.isTrue(exit._tag === "Failure")
          const counts = yield* Effect.forEach(
            [customers, orders, subscriptionContracts, usageRecords, outboxMessages],
            (table) => rowCount(table, tenant)
          )
          assert.deepStrictEqual(counts, [0, 0, 0, 0, 0])
        }).pipe(asNewTenant)
      )
    })
  })
}
