/**
 * The webhook endpoint and delivery log contract suites on the in-memory reference adapter and on each database
 * driver, where the worker's fan-out, claim and finish (`Deliveries`) fill the log; and what only the database shows:
 * manual deliveries cooperate with workers' leases, and a test message never reaches fan-out.
 */
import { assert, describe, layer } from "@effect/vitest"
import {
  DeliveryLog,
  type DomainEvent,
  Ids,
  type MessageId,
  type Tenant,
  Webhook,
  WebhookEndpointRepository
} from "@patron/domain"
import { InMemoryWebhooks } from "@patron/domain/testing"
import { sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Option } from "effect"
import { Database } from "../src/Database.ts"
import * as Deliveries from "../src/Deliveries.ts"
import * as DeliveryLogLive from "../src/DeliveryLog.ts"
import { outboxMessages } from "../src/schema.ts"
import * as Tenants from "../src/Tenants.ts"
import * as WebhookEndpointRepositoryLive from "../src/WebhookEndpointRepository.ts"
import * as DeliverySuite from "./contracts/DeliveryLog.ts"
import { newId, newTenant } from "./contracts/samples.ts"
import * as EndpointSuite from "./contracts/WebhookEndpointRepository.ts"
import { drivers } from "./databases.ts"

const newMessageId = () =>
  Effect.map(
    Ids.Ids.use((ids) => ids.make("message")),
    (id) => id as MessageId
  )

describe("in memory", () => {
  const memory = { layer: () => Layer.merge(InMemoryWebhooks.layer, Ids.Ids.layer), seed: () => Effect.void }
  EndpointSuite.suite("WebhookEndpointRepository on InMemory", memory)
  DeliverySuite.suite("DeliveryLog on InMemory", {
    ...memory,
    publish: (tenant, types) =>
      Effect.forEach(types, (type) =>
        Effect.tap(newMessageId(), (id) => InMemoryWebhooks.fanOut(tenant, { id, type }))
      ),
    attemptDue: (tenant, attempt, then) =>
      Effect.flatMap(DateTime.now, (now) =>
        InMemoryWebhooks.attemptDue(tenant, attempt, then === "retry" ? now : undefined)
      )
  })
})

/** Appends messages as the Outbox does and fans them out in one transaction, as a worker does. */
const publish = (tenant: Tenant.TenantId, types: ReadonlyArray<DomainEvent.EventType>) =>
  Effect.gen(function* () {
    const db = yield* Database
    const ids = types.map(() => newId("message") as MessageId)
    for (const [i, type] of types.entries()) {
      yield* db.query(sql`
        insert into ${outboxMessages} (tenant_id, id, type, payload, occurred_at)
        values (${tenant}, ${ids[i]}, ${type}, ${JSON.stringify({ type, data: {} })}::jsonb, now())`)
    }
    yield* Deliveries.fanOut(1_000)
    return ids
  }).pipe(Effect.orDie)

/** As a worker: claims every due delivery, records the attempt on the tenant's, and gives the rest back. */
const attemptDue = (tenant: Tenant.TenantId, attempt: Webhook.Attempt, then: "retry" | "finish") =>
  Effect.gen(function* () {
    yield* Deliveries.fanOut(1_000)
    const owner = `contract-${newId("message")}`
    const claimed = yield* Deliveries.claim({ owner, limit: 1_000, leaseMillis: 60_000 })
    const mine = claimed.filter((delivery) => delivery.tenantId === tenant)
    const accepted = attempt.status !== undefined && Webhook.isAccepted(attempt.status)
    const next: Deliveries.Next =
      then === "retry" ? { _tag: "Retry", afterMillis: 0 } : { _tag: accepted ? "Succeeded" : "Failed" }
    for (const delivery of mine) {
      yield* Deliveries.finish({
        tenantId: tenant,
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        owner,
        next,
        attempt: {
          at: DateTime.toDateUtc(attempt.at),
          durationMs: attempt.durationMs,
          ...(attempt.status === undefined ? {} : { status: attempt.status }),
          ...(attempt.responseSnippet === undefined ? {} : { responseSnippet: attempt.responseSnippet }),
          ...(attempt.error === undefined ? {} : { error: attempt.error })
        }
      })
    }
    yield* Deliveries.releaseLeases(owner)
    return mine.map((delivery) => delivery.id)
  })

const seed = (tenant: Tenant.TenantId) => Tenants.ensure({ id: tenant, name: tenant }).pipe(Effect.asVoid)

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`on ${driver.name}`, () => {
    const onDatabase = () =>
      Layer.mergeAll(WebhookEndpointRepositoryLive.layer, DeliveryLogLive.layer, Ids.Ids.layer).pipe(
        Layer.provideMerge(driver.layer())
      )
    EndpointSuite.suite(`WebhookEndpointRepository on ${driver.name}`, { layer: onDatabase, seed })
    DeliverySuite.suite(`DeliveryLog on ${driver.name}`, { layer: onDatabase, seed, publish, attemptDue })

    layer(onDatabase(), { timeout: "60 seconds" })(`manual deliveries and the worker on ${driver.name}`, (it) => {
      const setup = Effect.gen(function* () {
        const tenant = newTenant()
        yield* seed(tenant)
        const stored = EndpointSuite.endpoint("2026-01-01T12:00:00.000Z", { events: ["*"] })
        yield* (yield* WebhookEndpointRepository).insert(tenant, stored, { current: EndpointSuite.secret(1) })
        return { tenant, endpointId: stored.id, log: yield* DeliveryLog }
      })

      it.effect("takes a redelivered delivery back from the worker holding its lease, same message", () =>
        Effect.gen(function* () {
          const { tenant, log } = yield* setup
          const [messageId] = yield* publish(tenant, ["customer.created"])
          const held = (yield* Deliveries.claim({ owner: "slow", limit: 1_000, leaseMillis: 600_000 })).filter(
            (delivery) => delivery.tenantId === tenant
          )
          assert.strictEqual(held.length, 1)
          yield* log.redeliver(tenant, held[0]!.id as Webhook.DeliveryId)
          const again = (yield* Deliveries.claim({ owner: "fresh", limit: 1_000, leaseMillis: 60_000 })).filter(
            (delivery) => delivery.tenantId === tenant
          )
          assert.deepStrictEqual(
            again.map((delivery) => [delivery.id, delivery.messageId]),
            [[held[0]!.id, messageId]]
          )
          const attempt = { at: new Date(), status: 200, durationMs: 5 }
          const stale = {
            tenantId: tenant,
            deliveryId: held[0]!.id,
            endpointId: held[0]!.endpointId,
            attempt,
            next: { _tag: "Succeeded" } as const
          }
          assert.isFalse(yield* Deliveries.finish({ ...stale, owner: "slow" }))
          assert.isTrue(yield* Deliveries.finish({ ...stale, owner: "fresh" }))
          yield* Deliveries.releaseLeases("fresh")
        })
      )

      it.effect("counts the tests of the last minute by the database's clock, not older ones", () =>
        Effect.gen(function* () {
          const { tenant, endpointId, log } = yield* setup
          const test = () =>
            log.enqueueTest(tenant, {
              id: newId("delivery") as Webhook.DeliveryId,
              endpointId,
              message: {
                id: newId("message") as MessageId,
                occurredAt: DateTime.makeUnsafe("2026-11-24T12:30:00.000Z"),
                data: { endpointId, message: "ping" }
              }
            })
          const old = yield* test()
          const recent = yield* test()
          yield* (yield* Database).query(
            sql`update deliveries set created_at = now() - interval '61 seconds' where id = ${old.id}`
          )
          const times = yield* log.recentTests(tenant, endpointId, 60)
          assert.deepStrictEqual(times.map(DateTime.toEpochMillis), [DateTime.toEpochMillis(recent.createdAt)])
        }).pipe(Effect.orDie)
      )

      it.effect("hands a test message to the worker with its payload, and never to fan-out", () =>
        Effect.gen(function* () {
          const { tenant, endpointId, log } = yield* setup
          const messageId = newId("message") as MessageId
          const occurredAt = DateTime.makeUnsafe("2026-11-24T12:30:00.000Z")
          const data = { endpointId, message: "ping" }
          const delivery = yield* log.enqueueTest(tenant, {
            id: newId("delivery") as Webhook.DeliveryId,
            endpointId,
            message: { id: messageId, occurredAt, data }
          })
          assert.strictEqual(yield* Deliveries.fanOut(1_000), 0)
          const claimed = (yield* Deliveries.claim({ owner: "tester", limit: 1_000, leaseMillis: 60_000 })).filter(
            (d) => d.tenantId === tenant
          )
          yield* Deliveries.releaseLeases("tester")
          assert.deepStrictEqual(
            claimed.map((d) => [d.id, d.endpointId, d.messageId, d.eventType, d.payload, d.occurredAt.toISOString()]),
            [
              [
                delivery.id,
                endpointId,
                messageId,
                Webhook.testEventType,
                { type: Webhook.testEventType, data },
                "2026-11-24T12:30:00.000Z"
              ]
            ]
          )
          assert.isTrue(Option.isSome(yield* log.find(tenant, delivery.id)))
        })
      )
    })
  })
}
