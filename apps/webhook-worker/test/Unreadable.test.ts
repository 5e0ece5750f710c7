/**
 * A delivery the queue cannot read (a stored message that is no event the worker knows, or damaged endpoint secrets)
 * is recorded as failed with a reason that says which, without being sent, and the worker goes on delivering the rest.
 */
import { Database } from "@patron/db"
import { drivers } from "@patron/db/testing"
import { Customers, DeliveryLog, Ids, Tenant, type Webhook } from "@patron/domain"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Delivery from "../src/Delivery.ts"
import * as Receiver from "./Receiver.ts"
import * as World from "./world.ts"

/** Runs SQL as written (test data only, no user input). */
const exec = (text: string) => Effect.flatMap(Database, (db) => Effect.orDie(db.exec(text)))

/** An endpoint's deliveries from the log itself (the API reads the endpoint's secrets first, which fails here). */
const logOf = (endpointId: Webhook.WebhookEndpointId) =>
  Effect.gen(function* () {
    const tenant = yield* Tenant.CurrentTenant
    const page = yield* Effect.orDie((yield* DeliveryLog).list(tenant.id, { endpointId }))
    return page.items
  })

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`unreadable deliveries on ${driver.name}`, { timeout: 60_000 }, () => {
    const suite = World.suite(driver.layer)

    it("fails a message that does not decode and an endpoint whose secrets do not, and delivers the rest", async () => {
      const t = await suite.world.tenant()
      const [readable, damaged] = [World.uniquePath(), World.uniquePath()]
      const ids = await World.withEndpoints(t, suite.receiver, {
        [readable]: ["customer.created"],
        [damaged]: ["customer.created"]
      })
      await t.run(
        Effect.gen(function* () {
          const tenant = yield* Tenant.CurrentTenant
          const messageId = yield* Effect.flatMap(Ids.Ids, (made) => made.make("message"))
          // A customer.created message whose data is no customer (as a message written by another version might be).
          yield* exec(`
            insert into outbox_messages (tenant_id, id, type, payload, occurred_at)
            values ('${tenant.id}', '${messageId}', 'customer.created',
                    '{"type":"customer.created","data":{"id":"nobody"}}'::jsonb, now())`)
          yield* exec(`update webhook_endpoints set secrets = '{"current":42}'::jsonb where id = '${ids[damaged]}'`)
        })
      )
      const worker = t.startWorker()
      const created = await t.run(Customers.create({ firstName: "Ada", lastName: "Lovelace" }))
      const toReadable = await Receiver.eventually(
        () => World.deliveriesOf(t, ids[readable]!),
        (items) => items.length === 2 && items.every((delivery) => delivery.status !== "pending")
      )
      const toDamaged = await Receiver.eventually(
        () => t.run(logOf(ids[damaged]!)),
        (items) => items.length === 2 && items.every((delivery) => delivery.status !== "pending")
      )
      await worker()
      expect(suite.receiver.at(readable).map((request) => request.json.data.id)).toEqual([created.id])
      expect(suite.receiver.at(damaged)).toHaveLength(0)
      const statuses = toReadable.map((delivery) => [delivery.status, delivery.attempts.map((a) => a.error)])
      expect(statuses).toContainEqual(["succeeded", [undefined]])
      expect(statuses).toContainEqual(["failed", [Delivery.unreadableErrors.message]])
      const damagedStatuses = toDamaged.map((delivery) => [delivery.status, delivery.attempts.map((a) => a.error)])
      expect(damagedStatuses).toContainEqual(["failed", [Delivery.unreadableErrors.message]])
      expect(damagedStatuses).toContainEqual(["failed", [Delivery.unreadableErrors.secrets]])
    })
  })
}
