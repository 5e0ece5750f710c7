/**
 * The use cases under concurrent calls on each database (on PostgreSQL, transactions really overlap): patches without
 * `expectedVersion` all land, a stale `expectedVersion` still conflicts, and `webhooks.test` keeps to its limit
 * however many calls race for it.
 */
import { assert, describe, layer } from "@effect/vitest"
import {
  Customer,
  Customers,
  Ids,
  SubscriptionContract,
  SubscriptionContracts,
  Tenant,
  Validation,
  Webhook,
  WebhookPolicy,
  Webhooks
} from "@patron/domain"
import { Samples } from "@patron/domain/testing"
import { Effect, Layer, Result, Schema } from "effect"
import * as DeliveryLogLive from "../src/DeliveryLog.ts"
import * as Persistence from "../src/Persistence.ts"
import * as SecretsLive from "../src/Secrets.ts"
import * as Tenants from "../src/Tenants.ts"
import * as WebhookEndpointRepositoryLive from "../src/WebhookEndpointRepository.ts"
import { newTenant } from "./contracts/samples.ts"
import { drivers } from "./databases.ts"

const asNewTenant = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const id = yield* Tenants.ensure({ id: newTenant(), name: `tenant ${Math.random()}` })
    return yield* Effect.provideService(effect, Tenant.CurrentTenant, { id })
  })

const customerPatch = Schema.decodeUnknownSync(Customer.Patch)
const contractPatch = Schema.decodeUnknownSync(SubscriptionContract.PatchInput)
const endpointPatch = Schema.decodeUnknownSync(Webhook.PatchInput)
const keys = (count: number) => Array.from({ length: count }, (_, i) => `key${i}`)
/** What each call came to: "Success" or its failure's tag. */
const tags = (results: ReadonlyArray<Result.Result<unknown, { readonly _tag: string }>>) =>
  results.map((result) => (Result.isSuccess(result) ? "Success" : result.failure._tag))
const count = (values: ReadonlyArray<string>, value: string) => values.filter((v) => v === value).length

for (const driver of await drivers()) {
  const adapters = Layer.mergeAll(
    Persistence.ports,
    WebhookEndpointRepositoryLive.layer,
    DeliveryLogLive.layer,
    SecretsLive.layer,
    Layer.succeed(WebhookPolicy)({ allowPrivate: false })
  ).pipe(Layer.provideMerge(driver.layer()), Layer.merge(Ids.Ids.layer))

  describe.skipIf(driver.skip !== undefined)(`use cases under concurrency on ${driver.name}`, () => {
    layer(adapters, { timeout: "120 seconds" })((it) => {
      it.effect("lands 50 parallel metadata patches without expectedVersion: version 51, all 50 keys", () =>
        Effect.gen(function* () {
          const customer = yield* Customers.create({ firstName: "Ada", lastName: "Lovelace" })
          const results = yield* Effect.forEach(
            keys(50),
            (key) =>
              Effect.result(
                Customers.update({ id: customer.id, patch: customerPatch({ meta: { set: { [key]: "v" } } }) })
              ),
            { concurrency: "unbounded" }
          )
          assert.deepStrictEqual(
            tags(results),
            keys(50).map(() => "Success")
          )
          const stored = yield* Customers.get({ id: customer.id })
          assert.strictEqual(stored.version, 51)
          assert.sameMembers(Object.keys(stored.meta), keys(50))
        }).pipe(asNewTenant)
      )

      it.effect("still refuses a stale expectedVersion: of 10 parallel patches expecting version 1, one lands", () =>
        Effect.gen(function* () {
          const customer = yield* Customers.create({ firstName: "Grace", lastName: "Hopper" })
          const results = yield* Effect.forEach(
            keys(10),
            (key) =>
              Effect.result(
                Customers.update({
                  id: customer.id,
                  expectedVersion: 1,
                  patch: customerPatch({ meta: { set: { [key]: "v" } } })
                })
              ),
            { concurrency: "unbounded" }
          )
          const outcomes = tags(results)
          assert.deepStrictEqual([count(outcomes, "Success"), count(outcomes, "VersionConflict")], [1, 9])
          const stored = yield* Customers.get({ id: customer.id })
          assert.deepStrictEqual([stored.version, Object.keys(stored.meta).length], [2, 1])
        }).pipe(asNewTenant)
      )

      it.effect("lands 20 parallel contract patches without expectedVersion: version 21, all 20 keys", () =>
        Effect.gen(function* () {
          const customer = yield* Customers.create({ firstName: "Alan", lastName: "Turing" })
          const contract = yield* SubscriptionContracts.create(
            yield* Validation.decode(SubscriptionContract.CreateInput)({
              customerId: customer.id,
              ...Samples.meteredPlan()
            })
          )
          const results = yield* Effect.forEach(
            keys(20),
            (key) =>
              Effect.result(
                SubscriptionContracts.update({
                  id: contract.id,
                  patch: contractPatch({ meta: { set: { [key]: "v" } } })
                })
              ),
            { concurrency: "unbounded" }
          )
          assert.deepStrictEqual(
            tags(results),
            keys(20).map(() => "Success")
          )
          const stored = yield* SubscriptionContracts.get(contract.id)
          assert.strictEqual(stored.version, 21)
          assert.sameMembers(Object.keys(stored.meta), keys(20))
        }).pipe(asNewTenant)
      )

      it.effect("keeps every field of parallel endpoint patches: none overwrites another with what it read", () =>
        Effect.gen(function* () {
          for (let round = 0; round < 5; round++) {
            const { endpoint } = yield* Webhooks.create({
              url: "https://hooks.example.com/patron" as Webhook.WebhookEndpoint["url"],
              events: ["*"] as Webhook.Events
            })
            const patches = [
              { description: `round ${round}` },
              { events: ["order.created"] },
              { enabled: false },
              { headers: { "X-Team": "billing" } },
              { url: "https://hooks.example.com/moved" }
            ]
            yield* Effect.forEach(
              patches,
              (patch) => Webhooks.update({ id: endpoint.id, patch: endpointPatch(patch) }),
              {
                concurrency: "unbounded"
              }
            )
            const stored = yield* Webhooks.get(endpoint.id)
            assert.deepStrictEqual(
              [stored.description, stored.events, stored.enabled, stored.headers, stored.url],
              [`round ${round}`, ["order.created"], false, { "X-Team": "billing" }, "https://hooks.example.com/moved"]
            )
          }
        }).pipe(asNewTenant)
      )

      it.effect("sends exactly 10 of 20 racing test events to one endpoint and refuses the rest with the wait", () =>
        Effect.gen(function* () {
          const { endpoint } = yield* Webhooks.create({
            url: "https://hooks.example.com/patron" as Webhook.WebhookEndpoint["url"],
            events: ["*"] as Webhook.Events
          })
          const results = yield* Effect.forEach(keys(20), () => Effect.result(Webhooks.test(endpoint.id)), {
            concurrency: "unbounded"
          })
          const outcomes = tags(results)
          assert.deepStrictEqual(
            [count(outcomes, "Success"), count(outcomes, "WebhookTestLimitReached")],
            [Webhook.testsPerWindow, 20 - Webhook.testsPerWindow]
          )
          const refused = results.find((result) => result._tag === "Failure")
          const wait = refused?._tag === "Failure" ? (refused.failure as Webhook.WebhookTestLimitReached) : undefined
          assert.isTrue(wait !== undefined && wait.retryAfterSeconds >= 1 && wait.retryAfterSeconds <= 60)
          const log = yield* Webhooks.deliveries({ endpointId: endpoint.id, limit: 100 })
          assert.strictEqual(log.items.length, Webhook.testsPerWindow)
        }).pipe(asNewTenant)
      )
    })
  })
}
