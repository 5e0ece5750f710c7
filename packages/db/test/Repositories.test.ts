/**
 * The port contract suites on the in-memory reference adapter and on each database driver, and what only the
 * database does: waking a listening worker when appended messages commit.
 */
import { assert, describe, it } from "@effect/vitest"
import { type Customer, DomainEvent, type MessageId, Outbox, type Tenant, Transactions } from "@patron/domain"
import { InMemory } from "@patron/domain/testing"
import { sql } from "drizzle-orm"
import { DateTime, Effect, Layer } from "effect"
import { Database } from "../src/Database.ts"
import * as OrderRepositoryLive from "../src/OrderRepository.ts"
import * as OutboxLive from "../src/Outbox.ts"
import * as SubscriptionContractRepositoryLive from "../src/SubscriptionContractRepository.ts"
import { customers, outboxMessages, tenants, usageRecords } from "../src/schema.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import * as UsageRepositoryLive from "../src/UsageRepository.ts"
import * as OrderSuite from "./contracts/OrderRepository.ts"
import * as OutboxSuite from "./contracts/Outbox.ts"
import * as ContractSuite from "./contracts/SubscriptionContractRepository.ts"
import { newId, newTenant, order } from "./contracts/samples.ts"
import * as UsageSuite from "./contracts/UsageRepository.ts"
import { drivers } from "./databases.ts"

/** The tenant row and customer rows that records point at by foreign key. */
const seed = (tenant: Tenant.TenantId, customerIds: ReadonlyArray<Customer.CustomerId>) =>
  Effect.gen(function* () {
    const db = yield* Database
    yield* db.query(sql`insert into ${tenants} (id, name) values (${tenant}, ${tenant})`)
    for (const id of customerIds) {
      const at = "2026-01-01T00:00:00.000Z"
      const document = {
        id,
        identifier: id,
        type: "individual",
        firstName: "Test",
        lastName: "Customer",
        addresses: [],
        meta: {},
        externalReferences: {},
        version: 1,
        createdAt: at,
        updatedAt: at
      }
      yield* db.query(sql`
        insert into ${customers}
          (tenant_id, id, identifier, type, last_name_key, search_text, meta, version, created_at, updated_at, document)
        values (${tenant}, ${id}, ${id}, 'individual', 'customer', 'test customer', '{}'::jsonb, 1,
                ${at}::timestamptz, ${at}::timestamptz, ${JSON.stringify(document)}::jsonb)`)
    }
  }).pipe(Effect.orDie)

const readOutbox = (tenant: Tenant.TenantId) =>
  Database.use((db) =>
    db.query<{ id: string; type: string; payload: unknown; occurred_at: Date }>(
      sql`select id, type, payload, occurred_at from ${outboxMessages} where tenant_id = ${tenant} order by position`
    )
  ).pipe(
    Effect.orDie,
    Effect.map((rows) =>
      rows.map((row) => ({
        id: row.id,
        type: row.type,
        payload: row.payload,
        occurredAt: new Date(row.occurred_at).toISOString()
      }))
    )
  )

const usageRowCount = (tenant: Tenant.TenantId) =>
  Database.use((db) =>
    db.query<{ count: number }>(sql`select count(*)::int as count from ${usageRecords} where tenant_id = ${tenant}`)
  ).pipe(
    Effect.orDie,
    Effect.map((rows) => rows[0]?.count ?? 0)
  )

/** Every SQL adapter of this package, on a database. */
const onDatabase = (database: () => Layer.Layer<Database>) => () =>
  Layer.mergeAll(
    OrderRepositoryLive.layer,
    SubscriptionContractRepositoryLive.layer,
    UsageRepositoryLive.layer,
    OutboxLive.layer,
    TransactionsLive.layer
  ).pipe(Layer.provideMerge(database()))

describe("in memory", () => {
  const memory = { layer: () => InMemory.layer, seed: () => Effect.void }
  OrderSuite.suite("OrderRepository on InMemory", memory)
  ContractSuite.suite("SubscriptionContractRepository on InMemory", memory)
  UsageSuite.suite("UsageRepository on InMemory", memory)
  OutboxSuite.suite("Outbox on InMemory", {
    layer: () => InMemory.layer,
    read: (tenant) =>
      InMemory.outbox.pipe(
        Effect.map((messages) =>
          messages
            .filter((m) => m.tenant === tenant)
            .map((m) => ({
              id: m.id,
              type: m.event.type,
              payload: DomainEvent.toJson(m.event),
              occurredAt: DateTime.formatIso(m.occurredAt)
            }))
        )
      )
  })
})

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`on ${driver.name}`, () => {
    const layer = onDatabase(driver.layer)
    OrderSuite.suite(`OrderRepository on ${driver.name}`, { layer, seed })
    ContractSuite.suite(`SubscriptionContractRepository on ${driver.name}`, { layer, seed })
    UsageSuite.suite(`UsageRepository on ${driver.name}`, { layer, seed, rowCount: usageRowCount })
    OutboxSuite.suite(`Outbox on ${driver.name}`, { layer, read: readOutbox })

    describe(`Outbox.append on ${driver.name}`, () => {
      /** Appends one message in a transaction that ends as `outcome`, counting NOTIFYs seen before and after. */
      const notificationsAround = (outcome: "commit" | "rollback") =>
        Effect.gen(function* () {
          const db = yield* Database
          let notified = 0
          yield* db.listen(OutboxLive.channel, () => {
            notified++
          })
          const event = new DomainEvent.OrderCreated({ data: order(newId("customer"), "2026-11-24T12:00:00.000Z") })
          const message = { id: newId("message") as MessageId, event, occurredAt: DateTime.makeUnsafe(0) }
          let beforeCommit = -1
          yield* Effect.exit(
            (yield* Transactions).run(
              Effect.gen(function* () {
                yield* (yield* Outbox).append(newTenant(), [message])
                yield* Effect.sleep("150 millis")
                beforeCommit = notified
                if (outcome === "rollback") return yield* Effect.fail("rolled back")
              })
            )
          )
          // A notification arrives within milliseconds; a rollback is given 300 ms to show that none comes.
          if (outcome === "rollback") yield* Effect.sleep("300 millis")
          else for (let i = 0; i < 250 && notified === 0; i++) yield* Effect.sleep("20 millis")
          return { beforeCommit, after: notified }
        }).pipe(Effect.scoped, Effect.provide(layer()))

      it.live("wakes a listener once the transaction commits, not before", () =>
        Effect.gen(function* () {
          assert.deepStrictEqual(yield* notificationsAround("commit"), { beforeCommit: 0, after: 1 })
        })
      )

      it.live("wakes no listener when the transaction rolls back", () =>
        Effect.gen(function* () {
          assert.deepStrictEqual(yield* notificationsAround("rollback"), { beforeCommit: 0, after: 0 })
        })
      )
    })
  })
}
