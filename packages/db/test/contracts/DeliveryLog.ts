/**
 * The contract of the DeliveryLog port, run against every adapter with the worker's fan-out and sending standing
 * behind the fixture: deliveries are listed newest first per endpoint with their attempts in order, filtered by
 * status and paged without repeats or gaps; a redelivery keeps its message and is sent again; a test message goes to
 * its one endpoint only, and the times of an endpoint's recent tests are told; deleting an endpoint takes its
 * deliveries; no tenant sees or touches another's deliveries.
 */
import { assert, layer } from "@effect/vitest"
import {
  DeliveryLog,
  type DomainEvent,
  type MessageId,
  type Tenant,
  type TestDelivery,
  Webhook,
  WebhookEndpointRepository
} from "@patron/domain"
import { DateTime, Effect, Option, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import { TestClock } from "effect/testing"
import { allPages, type Fixture, newId, seeded } from "./samples.ts"
import { endpoint, secret } from "./WebhookEndpointRepository.ts"

/** The ports under test, and the worker's part played on the adapter's own store. */
export interface DeliveryFixture<R> extends Fixture<WebhookEndpointRepository | DeliveryLog, R> {
  /** Appends messages of these types to the tenant's outbox and fans them out in one go; returns their ids. */
  readonly publish: (
    tenant: Tenant.TenantId,
    types: ReadonlyArray<DomainEvent.EventType>
  ) => Effect.Effect<ReadonlyArray<MessageId>, never, R>
  /**
   * Sends each due delivery of the tenant once, recording `attempt`; then it is due again at once (`retry`) or done
   * (`finish`: succeeded on a 2xx, failed otherwise). Returns the ids sent.
   */
  readonly attemptDue: (
    tenant: Tenant.TenantId,
    attempt: Webhook.Attempt,
    then: "retry" | "finish"
  ) => Effect.Effect<ReadonlyArray<string>, never, R>
}

const attempt = (second: number, fields: Partial<Webhook.Attempt> = {}): Webhook.Attempt => ({
  at: DateTime.makeUnsafe(Date.UTC(2026, 10, 24, 12, 0, second)),
  durationMs: 40 + second,
  ...fields
})
const deliveryJson = Schema.encodeSync(Webhook.Delivery)
const eventIds = (deliveries: ReadonlyArray<Webhook.Delivery>) => deliveries.map((d) => d.eventId)
const later = TestClock.adjust("1 second")

/** A test message to an endpoint. */
const testDelivery = (endpointId: Webhook.WebhookEndpointId): TestDelivery => ({
  id: newId("delivery") as Webhook.DeliveryId,
  endpointId,
  message: {
    id: newId("message") as MessageId,
    occurredAt: DateTime.makeUnsafe("2026-11-24T12:00:00.000Z"),
    data: { endpointId, message: "ping" }
  }
})

/** Runs the DeliveryLog contract on the adapter the fixture builds. */
export const suite = <R>(name: string, fixture: DeliveryFixture<R>) =>
  layer(fixture.layer(), { timeout: "60 seconds" })(name, (it) => {
    /** A tenant with an endpoint subscribed to everything and one to `order.created` only. */
    const setup = Effect.gen(function* () {
      const { tenant } = yield* seeded(fixture, 0)
      const repository = yield* WebhookEndpointRepository
      const all = endpoint("2026-01-01T11:00:00.000Z", { events: ["*"] })
      const orders = endpoint("2026-01-01T11:01:00.000Z", { events: ["order.created"] })
      yield* repository.insert(tenant, all, { current: secret(1) })
      yield* repository.insert(tenant, orders, { current: secret(2) })
      return { tenant, all: all.id, orders: orders.id, log: yield* DeliveryLog, repository }
    })

    it.effect("lists an endpoint's deliveries newest first, each with its attempts in the order made", () =>
      Effect.gen(function* () {
        const { tenant, all, orders, log } = yield* setup
        const [created] = yield* fixture.publish(tenant, ["customer.created"])
        const attempts = [
          attempt(1, { status: 500, responseSnippet: "upstream down" }),
          attempt(2, { error: "connection refused" }),
          attempt(3, { status: 204 })
        ]
        yield* fixture.attemptDue(tenant, attempts[0]!, "retry")
        yield* fixture.attemptDue(tenant, attempts[1]!, "retry")
        yield* fixture.attemptDue(tenant, attempts[2]!, "finish")
        yield* later
        const [placed] = yield* fixture.publish(tenant, ["order.created"])
        const [newest, oldest] = (yield* log.list(tenant, { endpointId: all })).items
        assert.deepStrictEqual(
          [newest, oldest].map((d) => [d?.eventId, d?.eventType, d?.status]),
          [
            [placed, "order.created", "pending"],
            [created, "customer.created", "succeeded"]
          ]
        )
        assert.deepStrictEqual(newest!.attempts, [])
        assert.isDefined(newest!.nextAttemptAt)
        assert.deepStrictEqual(
          deliveryJson(oldest!).attempts,
          attempts.map((a) => Schema.encodeSync(Webhook.Attempt)(a))
        )
        assert.isUndefined(oldest!.nextAttemptAt)
        assert.deepStrictEqual(eventIds((yield* log.list(tenant, { endpointId: orders })).items), [placed])
      })
    )

    it.effect("lists only the deliveries in the status asked for", () =>
      Effect.gen(function* () {
        const { tenant, all, log } = yield* setup
        const [succeeded] = yield* fixture.publish(tenant, ["customer.created"])
        yield* fixture.attemptDue(tenant, attempt(1, { status: 200 }), "finish")
        yield* later
        const [failed] = yield* fixture.publish(tenant, ["customer.updated"])
        yield* fixture.attemptDue(tenant, attempt(2, { status: 500 }), "finish")
        yield* later
        const [pending] = yield* fixture.publish(tenant, ["customer.deleted"])
        const byStatus = yield* Effect.forEach(["pending", "succeeded", "failed"] as const, (status) =>
          Effect.map(log.list(tenant, { endpointId: all, status }), (page) => eventIds(page.items))
        )
        assert.deepStrictEqual(byStatus, [[pending], [succeeded], [failed]])
      })
    )

    it.effect("pages through every delivery once, newest first, including deliveries made together", () =>
      Effect.gen(function* () {
        const { tenant, all, log } = yield* setup
        const first = yield* fixture.publish(tenant, [
          "customer.created",
          "customer.updated",
          "customer.deleted",
          "order.created",
          "customer.updated"
        ])
        yield* later
        const newer = yield* fixture.publish(tenant, ["order.created", "customer.updated"])
        const everything = (yield* log.list(tenant, { endpointId: all, limit: 200 })).items
        const pages = yield* allPages((cursor) =>
          log.list(tenant, { endpointId: all, limit: 2, ...(cursor === undefined ? {} : { cursor }) })
        )
        assert.deepStrictEqual(
          pages.map((page) => page.length),
          [2, 2, 2, 1]
        )
        assert.deepStrictEqual(
          pages.flat().map((d) => d.id),
          everything.map((d) => d.id)
        )
        assert.sameMembers(eventIds(everything), [...first, ...newer])
        assert.sameMembers(eventIds(everything.slice(0, 2)), [...newer])
        for (const cursor of ["not-a-cursor", Base64Url.encode('["x", 1]')]) {
          const error = yield* Effect.flip(log.list(tenant, { endpointId: all, cursor }))
          assert.strictEqual(error._tag, "CursorInvalid")
        }
      })
    )

    it.effect("finds a delivery as listed, and never another tenant's", () =>
      Effect.gen(function* () {
        const { tenant, all, log } = yield* setup
        const other = yield* seeded(fixture, 0)
        yield* fixture.publish(tenant, ["customer.created"])
        yield* fixture.attemptDue(tenant, attempt(1, { status: 429 }), "retry")
        const [listed] = (yield* log.list(tenant, { endpointId: all })).items
        assert.deepStrictEqual(
          deliveryJson(Option.getOrThrow(yield* log.find(tenant, listed!.id))),
          deliveryJson(listed!)
        )
        assert.isTrue(Option.isNone(yield* log.find(tenant, newId("delivery") as Webhook.DeliveryId)))
        assert.isTrue(Option.isNone(yield* log.find(other.tenant, listed!.id)))
        assert.deepStrictEqual((yield* log.list(other.tenant, { endpointId: all })).items, [])
      })
    )

    it.effect("redelivers a failed delivery with the same message and its attempts kept", () =>
      Effect.gen(function* () {
        const { tenant, all, log } = yield* setup
        const other = yield* seeded(fixture, 0)
        yield* fixture.publish(tenant, ["customer.created"])
        yield* fixture.attemptDue(tenant, attempt(1, { status: 500 }), "finish")
        const [failed] = (yield* log.list(tenant, { endpointId: all })).items
        assert.strictEqual(failed?.status, "failed")
        const redelivered = yield* log.redeliver(tenant, failed!.id)
        assert.strictEqual(redelivered.status, "pending")
        assert.strictEqual(redelivered.eventId, failed!.eventId)
        assert.deepStrictEqual(deliveryJson(redelivered).attempts, deliveryJson(failed!).attempts)
        assert.isDefined(redelivered.nextAttemptAt)
        assert.deepStrictEqual(yield* fixture.attemptDue(tenant, attempt(2, { status: 200 }), "finish"), [failed!.id])
        const after = Option.getOrThrow(yield* log.find(tenant, failed!.id))
        assert.deepStrictEqual(
          [after.status, after.eventId, after.attempts.map((a) => a.status)],
          ["succeeded", failed!.eventId, [500, 200]]
        )
        for (const [owner, id] of [
          [tenant, newId("delivery")],
          [other.tenant, failed!.id]
        ] as const) {
          const error = yield* Effect.flip(log.redeliver(owner, id as Webhook.DeliveryId))
          assert.strictEqual(error._tag, "DeliveryNotFound")
        }
      })
    )

    it.effect("sends a test message to its one endpoint, whatever the endpoint subscribes to", () =>
      Effect.gen(function* () {
        const { tenant, all, orders, log } = yield* setup
        const other = yield* seeded(fixture, 0)
        const test = testDelivery(orders)
        const delivery = yield* log.enqueueTest(tenant, test)
        assert.deepStrictEqual(
          [delivery.id, delivery.endpointId, delivery.eventId, delivery.eventType, delivery.status, delivery.attempts],
          [test.id, orders, test.message.id, Webhook.testEventType, "pending", []]
        )
        assert.isDefined(delivery.nextAttemptAt)
        assert.deepStrictEqual(yield* fixture.attemptDue(tenant, attempt(1, { status: 200 }), "finish"), [test.id])
        assert.strictEqual(Option.getOrThrow(yield* log.find(tenant, test.id)).status, "succeeded")
        assert.deepStrictEqual((yield* log.list(tenant, { endpointId: all })).items, [])
        for (const [owner, endpointId] of [
          [tenant, newId("webhookEndpoint") as Webhook.WebhookEndpointId],
          [other.tenant, orders]
        ] as const) {
          const error = yield* Effect.flip(log.enqueueTest(owner, testDelivery(endpointId)))
          assert.strictEqual(error._tag, "WebhookEndpointNotFound")
        }
      })
    )

    it.effect("tells when an endpoint's recent test deliveries were made, oldest first, and only its tests", () =>
      Effect.gen(function* () {
        const { tenant, all, orders, log } = yield* setup
        const other = yield* seeded(fixture, 0)
        const made: Array<Webhook.Delivery> = []
        for (let i = 0; i < 3; i++) {
          made.push(yield* log.enqueueTest(tenant, testDelivery(all)))
          yield* later
        }
        yield* log.enqueueTest(tenant, testDelivery(orders))
        yield* fixture.publish(tenant, ["customer.created"])
        const recent = yield* log.recentTests(tenant, all, 60)
        assert.deepStrictEqual(
          recent.map((at) => DateTime.toEpochMillis(at)),
          made.map((delivery) => DateTime.toEpochMillis(delivery.createdAt))
        )
        assert.deepStrictEqual(yield* log.recentTests(other.tenant, all, 60), [])
        assert.strictEqual((yield* log.recentTests(tenant, orders, 60)).length, 1)
      })
    )

    it.effect("deletes an endpoint's deliveries and their attempts with it", () =>
      Effect.gen(function* () {
        const { tenant, all, orders, log, repository } = yield* setup
        yield* fixture.publish(tenant, ["order.created"])
        yield* fixture.attemptDue(tenant, attempt(1, { status: 503 }), "retry")
        const [gone] = (yield* log.list(tenant, { endpointId: orders })).items
        yield* repository.remove(tenant, orders)
        assert.isTrue(Option.isNone(yield* log.find(tenant, gone!.id)))
        assert.strictEqual((yield* log.list(tenant, { endpointId: all })).items[0]?.attempts.length, 1)
      })
    )
  })
