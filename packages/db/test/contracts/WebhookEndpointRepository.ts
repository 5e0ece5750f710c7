/**
 * The contract of the WebhookEndpointRepository port, run against every adapter: endpoints and their secrets are found
 * again exactly as written, updates keep the secrets and rotations keep the record, listings run newest first and
 * reach every endpoint once, and no tenant sees or changes another's endpoints.
 */
import { assert, layer } from "@effect/vitest"
import { Webhook, WebhookEndpointRepository, WebhookSecret } from "@patron/domain"
import { DateTime, Effect, Option, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import { allPages, type Fixture, newId, seeded } from "./samples.ts"

/** An endpoint created at `createdAt` with a description and custom headers; `fields` override, `undefined` drops. */
export const endpoint = (createdAt: string, fields: Record<string, unknown> = {}): Webhook.WebhookEndpoint => {
  const document = {
    id: newId("webhookEndpoint"),
    url: "https://hooks.example.com/patron",
    events: ["customer.created", "order.created"],
    description: "CRM sync",
    enabled: true,
    headers: { "x-team": "billing" },
    createdAt,
    updatedAt: createdAt,
    ...fields
  }
  const present = Object.entries(document).filter(([, value]) => value !== undefined)
  return Schema.decodeUnknownSync(Webhook.WebhookEndpoint)(Object.fromEntries(present))
}

/** A secret of 32 bytes all equal to `fill`. */
export const secret = (fill: number) => WebhookSecret.secretFromBytes(new Uint8Array(32).fill(fill))

const json = (endpoints: ReadonlyArray<Webhook.WebhookEndpoint>) =>
  endpoints.map((e) => Schema.encodeSync(Webhook.WebhookEndpoint)(e))
const secretsJson = (secrets: WebhookSecret.LiveSecrets) => Schema.encodeSync(WebhookSecret.LiveSecrets)(secrets)
const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 12, minute)).toISOString()
const newestFirst = (endpoints: ReadonlyArray<Webhook.WebhookEndpoint>) =>
  [...endpoints].sort(
    (a, b) => b.createdAt.epochMilliseconds - a.createdAt.epochMilliseconds || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0)
  )

/** Runs the WebhookEndpointRepository contract on the adapter the fixture builds. */
export const suite = <R>(name: string, fixture: Fixture<WebhookEndpointRepository, R>) =>
  layer(fixture.layer(), { timeout: "60 seconds" })(name, (it) => {
    it.effect("finds a stored endpoint and its secrets exactly as they were written", () =>
      Effect.gen(function* () {
        const { tenant } = yield* seeded(fixture, 0)
        const repository = yield* WebhookEndpointRepository
        const full = endpoint("2026-11-24T12:00:00.123Z")
        const bare = endpoint(at(1), { description: undefined, headers: undefined, events: ["*"], enabled: false })
        yield* repository.insert(tenant, full, { current: secret(1) })
        yield* repository.insert(tenant, bare, { current: secret(2) })
        for (const [stored, fill] of [
          [full, 1],
          [bare, 2]
        ] as const) {
          const found = Option.getOrThrow(yield* repository.find(tenant, stored.id))
          assert.deepStrictEqual(json([found.endpoint]), json([stored]))
          assert.deepStrictEqual(found.secrets, { current: secret(fill) })
        }
        assert.isTrue(
          Option.isNone(yield* repository.find(tenant, newId("webhookEndpoint") as Webhook.WebhookEndpointId))
        )
        const locked = Option.getOrThrow(yield* repository.find(tenant, full.id, { lock: "update" }))
        assert.deepStrictEqual(json([locked.endpoint]), json([full]))
      })
    )

    it.effect("replaces the record on update and keeps the secrets", () =>
      Effect.gen(function* () {
        const { tenant } = yield* seeded(fixture, 0)
        const repository = yield* WebhookEndpointRepository
        const stored = endpoint(at(0))
        yield* repository.insert(tenant, stored, { current: secret(1) })
        const patch = { events: ["*"] as const, description: null, enabled: false }
        const changed = Webhook.applyPatch(stored, patch, DateTime.makeUnsafe(at(5)))
        yield* repository.update(tenant, changed)
        const found = Option.getOrThrow(yield* repository.find(tenant, stored.id))
        assert.deepStrictEqual(json([found.endpoint]), json([changed]))
        assert.deepStrictEqual(found.secrets, { current: secret(1) })
        const missing = endpoint(at(0))
        assert.strictEqual((yield* Effect.flip(repository.update(tenant, missing)))._tag, "WebhookEndpointNotFound")
      })
    )

    it.effect("replaces the secrets on rotation and keeps the record", () =>
      Effect.gen(function* () {
        const { tenant } = yield* seeded(fixture, 0)
        const repository = yield* WebhookEndpointRepository
        const stored = endpoint(at(0))
        yield* repository.insert(tenant, stored, { current: secret(1) })
        const rotated = WebhookSecret.rotate({ current: secret(1) }, secret(2), DateTime.makeUnsafe(at(10)))
        yield* repository.setSecrets(tenant, stored.id, rotated)
        const found = Option.getOrThrow(yield* repository.find(tenant, stored.id))
        assert.deepStrictEqual(secretsJson(found.secrets), {
          current: secret(2),
          previous: { secret: secret(1), expiresAt: "2026-11-25T12:10:00.000Z" }
        })
        assert.deepStrictEqual(json([found.endpoint]), json([stored]))
        const unknown = newId("webhookEndpoint") as Webhook.WebhookEndpointId
        const error = yield* Effect.flip(repository.setSecrets(tenant, unknown, rotated))
        assert.strictEqual(error._tag, "WebhookEndpointNotFound")
      })
    )

    it.effect("pages through every endpoint once, newest first, ties in id order", () =>
      Effect.gen(function* () {
        const { tenant } = yield* seeded(fixture, 0)
        const repository = yield* WebhookEndpointRepository
        const endpoints = [0, 5, 5, 5, 9, 2, 7].map((minute) => endpoint(at(minute)))
        yield* Effect.forEach(endpoints, (e, i) => repository.insert(tenant, e, { current: secret(i) }))
        const pages = yield* allPages((cursor) =>
          repository.list(tenant, { limit: 3, ...(cursor === undefined ? {} : { cursor }) })
        )
        assert.deepStrictEqual(
          pages.map((page) => page.length),
          [3, 3, 1]
        )
        assert.deepStrictEqual(json(pages.flat()), json(newestFirst(endpoints)))
        for (const cursor of ["not-a-cursor", Base64Url.encode('["x", 1]')]) {
          assert.strictEqual((yield* Effect.flip(repository.list(tenant, { cursor })))._tag, "CursorInvalid")
        }
      })
    )

    it.effect("removes an endpoint, and says so when there is none to remove", () =>
      Effect.gen(function* () {
        const { tenant } = yield* seeded(fixture, 0)
        const repository = yield* WebhookEndpointRepository
        const [kept, removed] = [endpoint(at(1)), endpoint(at(2))]
        yield* repository.insert(tenant, kept, { current: secret(1) })
        yield* repository.insert(tenant, removed, { current: secret(2) })
        yield* repository.remove(tenant, removed.id)
        assert.isTrue(Option.isNone(yield* repository.find(tenant, removed.id)))
        assert.deepStrictEqual(json((yield* repository.list(tenant, {})).items), json([kept]))
        assert.strictEqual((yield* Effect.flip(repository.remove(tenant, removed.id)))._tag, "WebhookEndpointNotFound")
      })
    )

    it.effect("never shows or changes one tenant's endpoints for another", () =>
      Effect.gen(function* () {
        const a = yield* seeded(fixture, 0)
        const b = yield* seeded(fixture, 0)
        const repository = yield* WebhookEndpointRepository
        const stored = endpoint(at(1))
        yield* repository.insert(a.tenant, stored, { current: secret(1) })
        assert.isTrue(Option.isNone(yield* repository.find(b.tenant, stored.id)))
        assert.deepStrictEqual((yield* repository.list(b.tenant, {})).items, [])
        const disabled = Webhook.disable(stored, DateTime.makeUnsafe(at(2)))
        const failures = yield* Effect.all([
          Effect.flip(repository.update(b.tenant, disabled)),
          Effect.flip(repository.setSecrets(b.tenant, stored.id, { current: secret(9) })),
          Effect.flip(repository.remove(b.tenant, stored.id))
        ])
        assert.deepStrictEqual(
          failures.map((failure) => failure._tag),
          ["WebhookEndpointNotFound", "WebhookEndpointNotFound", "WebhookEndpointNotFound"]
        )
        const found = Option.getOrThrow(yield* repository.find(a.tenant, stored.id))
        assert.deepStrictEqual(json([found.endpoint]), json([stored]))
        assert.deepStrictEqual(found.secrets, { current: secret(1) })
      })
    )
  })
