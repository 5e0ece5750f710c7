/**
 * The worker end to end on each database: real events from the use cases, real HTTP to a real local receiver that
 * verifies every request with the standardwebhooks package and independently.
 */
import { drivers } from "@patron/db/testing"
import { Customer, Customers, Webhook, Webhooks } from "@patron/domain"
import { Schema } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import * as NoAnswer from "../src/NoAnswer.ts"
import * as Receiver from "./Receiver.ts"
import * as World from "./world.ts"

const encodeCustomer = Schema.encodeSync(Customer.Customer)

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`the worker on ${driver.name}`, { timeout: 60_000 }, () => {
    const suite = World.suite(driver.layer)
    let current: World.World
    afterEach(async () => {
      await current?.close()
    })

    /** A new tenant with an endpoint per path, whose secrets the receiver checks. */
    const setup = async (endpoints: Readonly<Record<string, ReadonlyArray<string>>>) => {
      current = await suite.world.tenant()
      return { ...current, ids: await World.withEndpoints(current, suite.receiver, endpoints) }
    }
    const unique = World.uniquePath
    const deliveriesOf = World.deliveriesOf

    it("delivers customer.created, updated and deleted once per matching endpoint, signed, and nothing elsewhere", async () => {
      const [all, lifecycle, orders] = [unique(), unique(), unique()]
      const t = await setup({
        [all]: ["*"],
        [lifecycle]: ["customer.created", "customer.deleted"],
        [orders]: ["order.created"]
      })
      t.startWorker()
      const created = await t.run(Customers.create({ firstName: "Ada", lastName: "Lovelace" }))
      const updated = await t.run(Customers.update({ id: created.id, patch: { firstName: "Augusta" } }))
      const removed = await t.run(Customers.remove({ id: created.id }))
      expect(removed.preservedOrderCount).toBe(0)

      await Receiver.eventually(
        () => [suite.receiver.at(all).length, suite.receiver.at(lifecycle).length],
        ([a, b]) => a === 3 && b === 2
      )
      for (const id of Object.values(t.ids)) {
        await Receiver.eventually(
          () => deliveriesOf(t, id),
          (items) => items.every((delivery) => delivery.status !== "pending")
        )
      }
      expect(suite.receiver.at(orders)).toHaveLength(0)
      // Deliveries run concurrently, so they may arrive in any order; `version` lets a receiver drop stale ones.
      const toAll = suite.receiver.at(all)
      const ofType = (type: string) => toAll.find((request) => request.json.type === type)!
      expect(toAll.map((request) => request.json.type).sort()).toEqual([
        "customer.created",
        "customer.deleted",
        "customer.updated"
      ])
      expect(toAll.every((request) => request.verified)).toBe(true)
      expect(new Set(toAll.map((request) => request.id)).size).toBe(3)
      expect(ofType("customer.created").json.data).toEqual(encodeCustomer(created))
      expect(ofType("customer.updated").json.data).toEqual(encodeCustomer(updated))
      expect(ofType("customer.updated").json.data.version).toBe(2)
      expect(ofType("customer.deleted").json.data).toEqual({
        ...encodeCustomer(updated),
        deletedSubscriptionContractIds: [],
        preservedOrderCount: 0
      })
      const occurredAt = Date.parse(ofType("customer.created").json.timestamp)
      expect(occurredAt - Date.parse(encodeCustomer(created).createdAt)).toBeGreaterThanOrEqual(0)
      expect(occurredAt - Date.parse(encodeCustomer(created).createdAt)).toBeLessThan(5_000)
      expect(
        suite.receiver
          .at(lifecycle)
          .map((request) => request.id)
          .sort()
      ).toEqual([ofType("customer.created").id, ofType("customer.deleted").id].sort())
      expect(toAll[0]?.headers["content-type"]).toBe("application/json")
    })

    it("retries 500, 500 then 200 with the same webhook-id and logs three attempts", async () => {
      const path = unique()
      const t = await setup({ [path]: ["customer.created"] })
      suite.receiver.script(path, [{ status: 500, body: "down" }, { status: 500 }])
      t.startWorker()
      await t.run(Customers.create({ firstName: "Grace", lastName: "Hopper" }))
      const [delivery] = await Receiver.eventually(
        () => deliveriesOf(t, t.ids[path]!),
        (items) => items[0]?.status === "succeeded"
      )
      const requests = suite.receiver.at(path)
      expect(requests).toHaveLength(3)
      expect(new Set(requests.map((request) => request.id)).size).toBe(1)
      expect(requests.every((request) => request.verified)).toBe(true)
      expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200])
      expect(delivery?.attempts[0]?.responseSnippet).toBe("down")
      expect(delivery?.attempts.every((attempt) => attempt.durationMs >= 0)).toBe(true)
    })

    it("honours Retry-After: 2 on a 503", async () => {
      const path = unique()
      const t = await setup({ [path]: ["*"] })
      suite.receiver.script(path, [{ status: 503, headers: { "retry-after": "2" } }])
      t.startWorker()
      await t.run(Customers.create({ firstName: "Alan", lastName: "Turing" }))
      const [first, second] = await Receiver.eventually(
        () => suite.receiver.at(path),
        (requests) => requests.length === 2
      )
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_900)
    })

    it("marks the delivery failed after the last scheduled attempt", async () => {
      const path = unique()
      const t = await setup({ [path]: ["*"] })
      suite.receiver.script(path, [{ status: 500 }, { status: 502 }, { status: 504 }, { status: 200 }])
      t.startWorker()
      await t.run(Customers.create({ firstName: "Edsger", lastName: "Dijkstra" }))
      const [delivery] = await Receiver.eventually(
        () => deliveriesOf(t, t.ids[path]!),
        (items) => items[0]?.status === "failed"
      )
      expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 502, 504])
      expect(delivery?.nextAttemptAt).toBeUndefined()
      expect(suite.receiver.at(path)).toHaveLength(3)

      const redelivered = await t.run(Webhooks.redeliver(delivery!.id))
      expect(redelivered.status).toBe("pending")
      const [again] = await Receiver.eventually(
        () => deliveriesOf(t, t.ids[path]!),
        (items) => items[0]?.status === "succeeded"
      )
      expect(again?.attempts.map((attempt) => attempt.status)).toEqual([500, 502, 504, 200])
      expect(new Set(suite.receiver.at(path).map((request) => request.id)).size).toBe(1)
    })

    it("disables the endpoint on 410 Gone and sends it nothing more", async () => {
      const path = unique()
      const t = await setup({ [path]: ["*"] })
      suite.receiver.script(path, [{ status: 410 }])
      t.startWorker()
      await t.run(Customers.create({ firstName: "Barbara", lastName: "Liskov" }))
      await Receiver.eventually(
        () => t.run(Webhooks.get(t.ids[path]!)),
        (endpoint) => !endpoint.enabled
      )
      await t.run(Customers.create({ firstName: "Frances", lastName: "Allen" }))
      const [delivery] = await Receiver.eventually(
        () => deliveriesOf(t, t.ids[path]!),
        (items) => items.length === 1 && items[0]?.status === "failed"
      )
      expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([410])
      await new Promise((resolve) => setTimeout(resolve, 700))
      expect(suite.receiver.at(path)).toHaveLength(1)
    })

    it("sends a test event, and signs with both secrets after a rotation", async () => {
      const path = unique()
      const t = await setup({ [path]: ["order.created"] })
      t.startWorker()
      const test = await t.run(Webhooks.test(t.ids[path]!))
      await Receiver.eventually(
        () => suite.receiver.at(path),
        (requests) => requests.length === 1
      )
      expect(suite.receiver.at(path)[0]?.json.type).toBe(Webhook.testEventType)
      expect(suite.receiver.at(path)[0]?.id).toBe(test.eventId)
      expect(suite.receiver.at(path)[0]?.verified).toBe(true)

      const rotated = await t.run(Webhooks.rotateSecret(t.ids[path]!))
      const previous = suite.receiver.at(path)[0]!
      suite.receiver.expectSecrets(path, [rotated.secret])
      await t.run(Webhooks.test(t.ids[path]!))
      const [, after] = await Receiver.eventually(
        () => suite.receiver.at(path),
        (requests) => requests.length === 2
      )
      expect(after?.verified).toBe(true)
      expect(String(after?.headers["webhook-signature"]).split(" ")).toHaveLength(2)
      expect(previous.verified).toBe(true)
    })

    it("keeps the first kilobyte of a response, follows no redirect, and times out a receiver that hangs", async () => {
      const [big, moved, slow] = [unique(), unique(), unique()]
      const t = await setup({ [big]: ["*"], [moved]: ["*"], [slow]: ["*"] })
      suite.receiver.script(big, [{ status: 500, body: "x".repeat(200_000) }])
      suite.receiver.script(moved, [{ status: 302, headers: { location: suite.receiver.url(big) } }])
      suite.receiver.script(slow, [{ status: 200, delayMillis: 3_000 }])
      t.startWorker({ timeoutMillis: 1_000, schedule: [60_000] })
      await t.run(Customers.create({ firstName: "Donald", lastName: "Knuth" }))
      const firstAttempt = (path: string) =>
        Receiver.eventually(
          () => deliveriesOf(t, t.ids[path]!),
          (items) => items[0]?.attempts.length === 1
        ).then((items) => items[0]!.attempts[0]!)
      const [bigAttempt, movedAttempt, slowAttempt] = await Promise.all([
        firstAttempt(big),
        firstAttempt(moved),
        firstAttempt(slow)
      ])
      expect(bigAttempt.responseSnippet).toBe("x".repeat(1024))
      expect(movedAttempt.status).toBe(302)
      expect(suite.receiver.at(big)).toHaveLength(1)
      expect(slowAttempt.status).toBeUndefined()
      expect(slowAttempt.error).toBe("timed out after 1000 ms")
    })

    it("refuses private addresses at send time when they are not allowed", async () => {
      const path = unique()
      const t = await setup({ [path]: ["*"] })
      t.startWorker({ allowPrivate: false, schedule: [60_000] })
      await t.run(Customers.create({ firstName: "Margaret", lastName: "Hamilton" }))
      const [delivery] = await Receiver.eventually(
        () => deliveriesOf(t, t.ids[path]!),
        (items) => items[0]?.attempts.length === 1
      )
      expect(delivery?.attempts[0]?.error).toBe(NoAnswer.refusedPrivate)
      expect(delivery?.attempts[0]?.error).not.toContain("127.0.0.1")
      expect(suite.receiver.at(path)).toHaveLength(0)
    })
  })
}
