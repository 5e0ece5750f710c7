import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Ref, Schema } from "effect"
import * as DomainEvent from "../src/DomainEvent.ts"
import type { MessageId } from "../src/ports/Outbox.ts"
import * as InMemoryAccess from "../src/testing/InMemoryAccess.ts"
import * as InMemoryWebhooks from "../src/testing/InMemoryWebhooks.ts"
import * as Webhooks from "../src/usecases/Webhooks.ts"
import * as Webhook from "../src/Webhook.ts"
import { WebhookPolicy } from "../src/WebhookPolicy.ts"
import * as WebhookSecret from "../src/WebhookSecret.ts"
import { asTenant, layer, setNow, tenantA, tenantB } from "./fixtures.ts"

const env = Layer.mergeAll(layer, InMemoryWebhooks.layer, InMemoryAccess.layerSecrets)
const input = (fields: Record<string, unknown>) =>
  Schema.decodeUnknownSync(Webhook.CreateInput)({ url: "https://hooks.example.com/patron", events: ["*"], ...fields })
const secretsOf = (id: Webhook.WebhookEndpointId) =>
  Effect.gen(function* () {
    const state = yield* Ref.get(yield* InMemoryWebhooks.Store)
    return state.endpoints.get(`${tenantA}/${id}`)?.secrets
  })
const messageId = (n: number) => `msg_0000000000000000000000000${n}` as MessageId
const attempt = (status: number): Webhook.Attempt => ({ at: DateTime.makeUnsafe(0), status, durationMs: 12 })

describe("Webhooks.eventTypes", () => {
  it.effect("lists every event type of the catalogue", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* Webhooks.eventTypes, DomainEvent.eventTypes)
    })
  )
})

describe("Webhooks.create", () => {
  it.effect("stores an enabled endpoint and shows its secret once", () =>
    Effect.gen(function* () {
      yield* setNow("2026-11-24T12:00:00Z")
      const { endpoint, secret } = yield* Webhooks.create(input({ events: ["customer.created"], description: "CRM" }))
      assert.isTrue(Schema.is(WebhookSecret.Secret)(secret))
      assert.isTrue(endpoint.enabled)
      assert.strictEqual(DateTime.formatIso(endpoint.createdAt), "2026-11-24T12:00:00.000Z")
      const found = yield* Webhooks.get(endpoint.id)
      assert.deepStrictEqual(found, endpoint)
      assert.isFalse("secret" in found)
      assert.deepStrictEqual(yield* secretsOf(endpoint.id), { current: secret })
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )

  it.effect("refuses private, loopback and link-local hosts unless the policy allows them", () =>
    Effect.gen(function* () {
      for (const url of ["http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/", "http://localhost:3000/"]) {
        const refused = yield* Effect.flip(Webhooks.create(input({ url })))
        assert.strictEqual(refused._tag, "WebhookUrlRefused")
      }
      assert.deepStrictEqual((yield* Webhooks.list({})).items, [])
      const allowed = yield* Webhooks.create(input({ url: "http://localhost:3000/" })).pipe(
        Effect.provideService(WebhookPolicy, { allowPrivate: true })
      )
      assert.strictEqual(allowed.endpoint.url, "http://localhost:3000/")
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )
})

describe("Webhooks.update", () => {
  it.effect("applies the patch and keeps the secret", () =>
    Effect.gen(function* () {
      const { endpoint, secret } = yield* Webhooks.create(input({ description: "old", headers: { "x-team": "a" } }))
      const patch = Schema.decodeUnknownSync(Webhook.PatchInput)({
        events: ["order.created"],
        description: null,
        enabled: false
      })
      const updated = yield* Webhooks.update({ id: endpoint.id, patch })
      assert.deepStrictEqual(updated.events, ["order.created"])
      assert.isFalse(updated.enabled)
      assert.isUndefined(updated.description)
      assert.deepStrictEqual(updated.headers, { "x-team": "a" })
      assert.deepStrictEqual(yield* Webhooks.get(endpoint.id), updated)
      assert.deepStrictEqual(yield* secretsOf(endpoint.id), { current: secret })
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )

  it.effect("keeps the stored value of a header sent back hidden, and refuses a hidden value it cannot match", () =>
    Effect.gen(function* () {
      const headers = { Authorization: "Bearer downstream", "X-Team": "billing" }
      const { endpoint } = yield* Webhooks.create(input({ headers }))
      const sentBack = Schema.decodeUnknownSync(Webhook.PatchInput)({
        headers: { Authorization: "Bearer ••••", "X-Team": "finance" }
      })
      const updated = yield* Webhooks.update({ id: endpoint.id, patch: sentBack })
      assert.deepStrictEqual(updated.headers, { Authorization: "Bearer downstream", "X-Team": "finance" })
      const renamed = Schema.decodeUnknownSync(Webhook.PatchInput)({ headers: { "X-Auth": "Bearer ••••" } })
      const refused = yield* Effect.flip(Webhooks.update({ id: endpoint.id, patch: renamed }))
      assert.strictEqual(refused._tag, "InputInvalid")
      assert.deepStrictEqual(refused._tag === "InputInvalid" ? refused.issues[0]?.path : [], [
        "patch",
        "headers",
        "X-Auth"
      ])
      assert.deepStrictEqual((yield* Webhooks.get(endpoint.id)).headers, updated.headers)
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )

  it.effect("refuses a private URL, and an endpoint of another tenant", () =>
    Effect.gen(function* () {
      const { endpoint } = yield* Webhooks.create(input({}))
      const refused = yield* Effect.flip(Webhooks.update({ id: endpoint.id, patch: { url: "http://192.168.1.1/" } }))
      assert.strictEqual(refused._tag, "WebhookUrlRefused")
      assert.strictEqual((yield* Webhooks.get(endpoint.id)).url, endpoint.url)
      const missing = yield* Effect.flip(Webhooks.update({ id: endpoint.id, patch: { enabled: false } })).pipe(
        asTenant(tenantB)
      )
      assert.strictEqual(missing.message, `webhook endpoint ${endpoint.id} not found`)
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )
})

describe("Webhooks.list and Webhooks.remove", () => {
  it.effect("lists a tenant's endpoints newest first, page by page, and no one else's", () =>
    Effect.gen(function* () {
      const made: Array<Webhook.WebhookEndpoint> = []
      for (const minute of [1, 2, 3]) {
        yield* setNow(`2026-11-24T12:0${minute}:00Z`)
        made.push((yield* Webhooks.create(input({}))).endpoint)
      }
      const first = yield* Webhooks.list({ limit: 2 })
      const second = yield* Webhooks.list({ limit: 2, cursor: first.nextCursor! })
      assert.deepStrictEqual([...first.items, ...second.items], made.reverse())
      assert.isNull(second.nextCursor)
      assert.deepStrictEqual((yield* Webhooks.list({}).pipe(asTenant(tenantB))).items, [])
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )

  it.effect("deletes an endpoint with its deliveries", () =>
    Effect.gen(function* () {
      const { endpoint } = yield* Webhooks.create(input({}))
      const [delivery] = yield* InMemoryWebhooks.fanOut(tenantA, { id: messageId(1), type: "customer.created" })
      assert.deepStrictEqual(yield* Webhooks.remove(endpoint.id), { id: endpoint.id })
      assert.strictEqual((yield* Effect.flip(Webhooks.get(endpoint.id)))._tag, "WebhookEndpointNotFound")
      assert.strictEqual((yield* Effect.flip(Webhooks.redeliver(delivery!.id)))._tag, "DeliveryNotFound")
      assert.strictEqual((yield* Effect.flip(Webhooks.remove(endpoint.id)))._tag, "WebhookEndpointNotFound")
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )
})

describe("Webhooks.rotateSecret", () => {
  it.effect("returns a new secret and keeps the old one signing for 24 hours", () =>
    Effect.gen(function* () {
      yield* setNow("2026-11-24T12:00:00Z")
      const { endpoint, secret: first } = yield* Webhooks.create(input({}))
      const { secret: second } = yield* Webhooks.rotateSecret(endpoint.id)
      assert.notStrictEqual(second, first)
      const secrets = (yield* secretsOf(endpoint.id))!
      const at = (iso: string) => DateTime.makeUnsafe(iso)
      assert.deepStrictEqual(WebhookSecret.liveSecrets(secrets, at("2026-11-25T11:59:59Z")), [second, first])
      assert.deepStrictEqual(WebhookSecret.liveSecrets(secrets, at("2026-11-25T12:00:00Z")), [second])
      const { secret: third } = yield* Webhooks.rotateSecret(endpoint.id)
      assert.deepStrictEqual(WebhookSecret.liveSecrets((yield* secretsOf(endpoint.id))!, at("2026-11-24T13:00:00Z")), [
        third,
        second
      ])
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )
})

describe("Webhooks.deliveries and Webhooks.redeliver", () => {
  it.effect("lists an endpoint's deliveries with their attempts, filtered by status", () =>
    Effect.gen(function* () {
      const { endpoint } = yield* Webhooks.create(input({}))
      yield* InMemoryWebhooks.fanOut(tenantA, { id: messageId(1), type: "customer.created" })
      yield* InMemoryWebhooks.attemptDue(tenantA, attempt(500), yield* DateTime.now)
      yield* InMemoryWebhooks.attemptDue(tenantA, attempt(200), undefined)
      yield* InMemoryWebhooks.fanOut(tenantA, { id: messageId(2), type: "order.created" })
      const all = yield* Webhooks.deliveries({ endpointId: endpoint.id })
      assert.deepStrictEqual(
        all.items.map((d) => [d.eventId, d.status]),
        [
          [messageId(2), "pending"],
          [messageId(1), "succeeded"]
        ]
      )
      const succeeded = yield* Webhooks.deliveries({ endpointId: endpoint.id, status: "succeeded" })
      assert.deepStrictEqual(
        succeeded.items.flatMap((d) => d.attempts.map((a) => a.status)),
        [500, 200]
      )
      const missing = yield* Effect.flip(Webhooks.deliveries({ endpointId: endpoint.id }).pipe(asTenant(tenantB)))
      assert.strictEqual(missing._tag, "WebhookEndpointNotFound")
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )

  it.effect("makes a failed delivery pending again with the same message and its attempts kept", () =>
    Effect.gen(function* () {
      yield* Webhooks.create(input({}))
      const [delivery] = yield* InMemoryWebhooks.fanOut(tenantA, { id: messageId(1), type: "customer.updated" })
      yield* InMemoryWebhooks.attemptDue(tenantA, attempt(503), undefined)
      const redelivered = yield* Webhooks.redeliver(delivery!.id)
      assert.strictEqual(redelivered.status, "pending")
      assert.strictEqual(redelivered.eventId, messageId(1))
      assert.deepStrictEqual(redelivered.nextAttemptAt, yield* DateTime.now)
      assert.strictEqual(redelivered.attempts.length, 1)
      assert.deepStrictEqual(yield* InMemoryWebhooks.attemptDue(tenantA, attempt(200), undefined), [delivery!.id])
      const other = yield* Effect.flip(Webhooks.redeliver(delivery!.id).pipe(asTenant(tenantB)))
      assert.strictEqual(other._tag, "DeliveryNotFound")
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )
})

describe("Webhooks.test", () => {
  it.effect("queues a webhook.test message to that endpoint only, whatever it subscribes to", () =>
    Effect.gen(function* () {
      const { endpoint } = yield* Webhooks.create(input({ events: ["order.created"] }))
      const { endpoint: other } = yield* Webhooks.create(input({}))
      const delivery = yield* Webhooks.test(endpoint.id)
      assert.strictEqual(delivery.eventType, Webhook.testEventType)
      assert.strictEqual(delivery.status, "pending")
      assert.deepStrictEqual((yield* Webhooks.deliveries({ endpointId: endpoint.id })).items, [delivery])
      assert.deepStrictEqual((yield* Webhooks.deliveries({ endpointId: other.id })).items, [])
      const [message] = yield* InMemoryWebhooks.testMessages
      assert.strictEqual(message?.id, delivery.eventId)
      assert.deepStrictEqual(message?.data, { endpointId: endpoint.id, message: Webhooks.testMessageText })
      const missing = yield* Effect.flip(Webhooks.test(endpoint.id).pipe(asTenant(tenantB)))
      assert.strictEqual(missing._tag, "WebhookEndpointNotFound")
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )

  it.effect("sends at most 10 test events per endpoint per minute, then names the wait", () =>
    Effect.gen(function* () {
      yield* setNow("2026-11-24T12:00:00Z")
      const { endpoint } = yield* Webhooks.create(input({}))
      const { endpoint: other } = yield* Webhooks.create(input({}))
      for (let second = 0; second < Webhook.testsPerWindow; second++) {
        yield* setNow(`2026-11-24T12:00:${String(second).padStart(2, "0")}Z`)
        yield* Webhooks.test(endpoint.id)
      }
      const refused = yield* Effect.flip(Webhooks.test(endpoint.id))
      assert.strictEqual(refused._tag, "WebhookTestLimitReached")
      assert.deepStrictEqual(refused._tag === "WebhookTestLimitReached" ? refused.retryAfterSeconds : 0, 51)
      assert.include(refused.message, "10 test events in the last 60 seconds")
      assert.strictEqual((yield* Webhooks.deliveries({ endpointId: endpoint.id })).items.length, 10)
      assert.strictEqual((yield* Webhooks.test(other.id)).endpointId, other.id)
      yield* setNow("2026-11-24T12:01:00.001Z")
      assert.strictEqual((yield* Webhooks.test(endpoint.id)).endpointId, endpoint.id)
    }).pipe(asTenant(tenantA), Effect.provide(env))
  )
})
