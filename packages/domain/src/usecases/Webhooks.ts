/**
 * Webhook use cases (PRODUCT.md §6, API.md `webhooks.*`): endpoints with their signing secrets, the delivery log, and
 * the deliveries a person starts by hand. A secret is returned on creation and on rotation only.
 */
import { DateTime, Effect, Option } from "effect"
import * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import { DeliveryLog, type DeliveryQuery } from "../ports/DeliveryLog.ts"
import type { MessageId } from "../ports/Outbox.ts"
import { Secrets } from "../ports/Secrets.ts"
import { Transactions } from "../ports/Transactions.ts"
import { type EndpointQuery, WebhookEndpointRepository } from "../ports/WebhookEndpointRepository.ts"
import { CurrentTenant } from "../Tenant.ts"
import * as Webhook from "../Webhook.ts"
import { WebhookPolicy } from "../WebhookPolicy.ts"
import * as WebhookSecret from "../WebhookSecret.ts"
import * as WebhookUrl from "../WebhookUrl.ts"

/** What the `data` of a `webhook.test` message says to its receiver. */
export const testMessageText = "A test event from Patron: this endpoint receives and can verify Patron's webhooks."

/** The event types an endpoint can subscribe to, in catalogue order. */
export const eventTypes: Effect.Effect<ReadonlyArray<DomainEvent.EventType>> = Effect.succeed(DomainEvent.eventTypes)

const allowedUrl = Effect.fnUntraced(function* (url: string) {
  const policy = yield* WebhookPolicy
  return yield* Effect.fromResult(WebhookUrl.ensureAllowed(url, { allowPrivate: policy.allowPrivate }))
})

const newSecret = Effect.map(
  Secrets.use((secrets) => secrets.randomBytes(WebhookSecret.secretByteLength)),
  WebhookSecret.secretFromBytes
)

/** The endpoint with its secrets, or WebhookEndpointNotFound; `lock` holds its row for the rest of the transaction. */
const findStored = Effect.fnUntraced(function* (id: Webhook.WebhookEndpointId, options?: { readonly lock?: "update" }) {
  const tenant = yield* CurrentTenant
  const found = yield* (yield* WebhookEndpointRepository).find(tenant.id, id, options)
  return yield* Option.match(found, {
    onNone: () => Effect.fail(new Webhook.WebhookEndpointNotFound({ id })),
    onSome: Effect.succeed
  })
})

/** Creates an enabled endpoint after checking its URL; returns it with its signing secret, shown this once. */
export const create = Effect.fn("Webhooks.create")(function* (input: Webhook.CreateInput) {
  const tenant = yield* CurrentTenant
  const url = yield* allowedUrl(input.url)
  const id = (yield* (yield* Ids).make("webhookEndpoint")) as Webhook.WebhookEndpointId
  const secret = yield* newSecret
  const endpoint = Webhook.make({ ...input, url }, { id, now: yield* DateTime.now })
  const repository = yield* WebhookEndpointRepository
  yield* (yield* Transactions).run(repository.insert(tenant.id, endpoint, { current: secret }))
  return { endpoint, secret }
})

/** Finds an endpoint of the current tenant (without its secrets) or fails with WebhookEndpointNotFound. */
export const get = Effect.fn("Webhooks.get")(function* (id: Webhook.WebhookEndpointId) {
  return (yield* findStored(id)).endpoint
})

/** One page of the current tenant's endpoints, newest first. */
export const list = Effect.fn("Webhooks.list")(function* (query: EndpointQuery) {
  const tenant = yield* CurrentTenant
  return yield* (yield* WebhookEndpointRepository).list(tenant.id, query)
})

/** The input of `webhooks.update`. */
export interface UpdateInput {
  readonly id: Webhook.WebhookEndpointId
  readonly patch: Webhook.PatchInput
}

/**
 * Applies a patch to an endpoint, checking a new URL as creation does; its secrets are kept, and so is the stored
 * value of each header sent back hidden. The row is locked while the patch applies, so concurrent patches all land.
 */
export const update = Effect.fn("Webhooks.update")(function* (input: UpdateInput) {
  const tenant = yield* CurrentTenant
  const repository = yield* WebhookEndpointRepository
  const patch =
    input.patch.url === undefined ? input.patch : { ...input.patch, url: yield* allowedUrl(input.patch.url) }
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const current = yield* findStored(input.id, { lock: "update" })
      const revealed = yield* Effect.fromResult(Webhook.keepHiddenHeaders(current.endpoint, patch))
      const updated = Webhook.applyPatch(current.endpoint, revealed, yield* DateTime.now)
      yield* repository.update(tenant.id, updated)
      return updated
    })
  )
})

/** Deletes an endpoint and its delivery log. */
export const remove = Effect.fn("Webhooks.remove")(function* (id: Webhook.WebhookEndpointId) {
  const tenant = yield* CurrentTenant
  const repository = yield* WebhookEndpointRepository
  yield* (yield* Transactions).run(repository.remove(tenant.id, id))
  return { id }
})

/** Gives an endpoint a new secret, keeping the old one signing for 24 hours; returns the new secret, shown this once. */
export const rotateSecret = Effect.fn("Webhooks.rotateSecret")(function* (id: Webhook.WebhookEndpointId) {
  const tenant = yield* CurrentTenant
  const repository = yield* WebhookEndpointRepository
  const secret = yield* newSecret
  yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const current = yield* findStored(id, { lock: "update" })
      const rotated = WebhookSecret.rotate(current.secrets, secret, yield* DateTime.now)
      yield* repository.setSecrets(tenant.id, id, rotated)
    })
  )
  return { secret }
})

/** One page of an endpoint's deliveries with their attempts, newest first. */
export const deliveries = Effect.fn("Webhooks.deliveries")(function* (query: DeliveryQuery) {
  const tenant = yield* CurrentTenant
  yield* findStored(query.endpointId)
  return yield* (yield* DeliveryLog).list(tenant.id, query)
})

/** Sends a delivery again as soon as a worker is free, with the same message and so the same `webhook-id`. */
export const redeliver = Effect.fn("Webhooks.redeliver")(function* (id: Webhook.DeliveryId) {
  const tenant = yield* CurrentTenant
  const log = yield* DeliveryLog
  return yield* (yield* Transactions).run(log.redeliver(tenant.id, id))
})

/**
 * Sends a `webhook.test` event to one endpoint, whatever it subscribes to; returns the delivery to follow. At most
 * `Webhook.testsPerWindow` per endpoint per `Webhook.testWindowSeconds`, counted in the store under the endpoint's
 * row lock, so concurrent calls on any number of servers cannot pass the limit (WebhookTestLimitReached).
 */
export const test = Effect.fn("Webhooks.test")(function* (id: Webhook.WebhookEndpointId) {
  const tenant = yield* CurrentTenant
  const ids = yield* Ids
  const messageId = (yield* ids.make("message")) as MessageId
  const deliveryId = (yield* ids.make("delivery")) as Webhook.DeliveryId
  const log = yield* DeliveryLog
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      yield* findStored(id, { lock: "update" })
      const recent = yield* log.recentTests(tenant.id, id, Webhook.testWindowSeconds)
      const occurredAt = yield* DateTime.now
      yield* Effect.fromResult(Webhook.checkTestLimit(id, recent, occurredAt))
      return yield* log.enqueueTest(tenant.id, {
        id: deliveryId,
        endpointId: id,
        message: { id: messageId, occurredAt, data: { endpointId: id, message: testMessageText } }
      })
    })
  )
})
