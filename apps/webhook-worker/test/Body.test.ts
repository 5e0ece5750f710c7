/**
 * The body a delivery sends, built from the decoded event, is byte for byte the body the worker sent before it decoded
 * events (the outbox's jsonb as read, under `{ type, timestamp, data }`): for one message of every event type.
 */
import { Deliveries } from "@patron/db"
import { drivers } from "@patron/db/testing"
import {
  Customer,
  Customers,
  DomainEvent,
  Order,
  Orders,
  SubscriptionContract,
  SubscriptionContracts,
  Validation,
  Webhook,
  Webhooks
} from "@patron/domain"
import { Samples } from "@patron/domain/testing"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import * as Delivery from "../src/Delivery.ts"
import * as World from "./world.ts"

/** The body as the worker built it from the stored payload before it decoded events. */
const bodyBefore = (row: Deliveries.ClaimedDelivery) => {
  const message = row.payload as { readonly type: string; readonly data: unknown }
  return JSON.stringify({ type: message.type, timestamp: row.occurredAt.toISOString(), data: message.data })
}

/** One message of every type, with data whose key orders differ between the schemas and jsonb. */
const everyEvent = Effect.gen(function* () {
  const customer = yield* Customers.create(
    yield* Validation.decode(Customer.CreateInput)({
      firstName: "Ada",
      lastName: "Lovelace",
      identifier: "ada",
      email: "ada@example.com",
      addresses: [{ type: "billing", street: "St James's Square", city: "London", country: "GB", isDefault: true }],
      meta: { b: "bee", "10": "ten", "2": "two", ab: "a-b", B: "capital", "a.b": "dotted", zz_top: "ünïcödé ✓" },
      externalReferences: { crm: "c-1", erp: "e-2" }
    })
  )
  yield* Customers.update({ id: customer.id, patch: { firstName: "Augusta" } })
  yield* Orders.create(
    yield* Validation.decode(Order.CreateInput)({
      customerId: customer.id,
      currency: "EUR",
      items: [{ name: "Setup", quantity: "1.50", unitPrice: "99.990" }]
    })
  )
  const contract = yield* SubscriptionContracts.create(
    yield* Validation.decode(SubscriptionContract.CreateInput)({
      customerId: customer.id,
      ...Samples.meteredPlan({ tiers: [{ threshold: "0", unitPrice: "0.01" }] })
    })
  )
  yield* SubscriptionContracts.transition("pause", { id: contract.id })
  yield* SubscriptionContracts.remove(contract.id)
  yield* SubscriptionContracts.create(
    yield* Validation.decode(SubscriptionContract.CreateInput)({ customerId: customer.id, ...Samples.meteredPlan() })
  )
  yield* Customers.remove({ id: customer.id })
})

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`Delivery.body on ${driver.name}`, { timeout: 60_000 }, () => {
    let world: Awaited<ReturnType<typeof World.open>> | undefined
    afterAll(async () => {
      await world?.close()
    })

    it("is byte-identical to the body sent before events were decoded, for every event type", async () => {
      world = await World.open(driver.layer())
      const t = await world.tenant()
      const made = await t.run(Webhooks.create({ url: "http://127.0.0.1:9/hook", events: ["*"] as Webhook.Events }))
      await t.run(Effect.asVoid(Webhooks.test(made.endpoint.id)))
      await t.run(Effect.asVoid(everyEvent))
      const rows = await t.run(
        Effect.gen(function* () {
          while ((yield* Deliveries.fanOut(100)) > 0) {}
          return yield* Deliveries.claim({ owner: "body-test", limit: 100, leaseMillis: 60_000 })
        })
      )
      const types = rows.map((row) => row.eventType)
      expect(new Set(types)).toEqual(new Set([...DomainEvent.eventTypes, Webhook.testEventType]))
      for (const row of rows) {
        const claimed = Deliveries.toClaimed(row)
        expect(claimed._tag, row.eventType).toBe("Claimed")
        if (claimed._tag === "Claimed") expect(Delivery.body(claimed), row.eventType).toBe(bodyBefore(row))
      }
    })
  })
}
