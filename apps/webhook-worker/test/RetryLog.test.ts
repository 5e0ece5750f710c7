/**
 * The worker's log of attempts that did not succeed, on each database: one JSON line per attempt, naming the delivery
 * and why it will be retried — the status the receiver answered, a timeout, a refused connection.
 */
import { createServer } from "node:net"
import { drivers } from "@patron/db/testing"
import { Customers, Webhook, Webhooks } from "@patron/domain"
import { Schema } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import * as Receiver from "./Receiver.ts"
import * as World from "./world.ts"

const createInput = Schema.decodeUnknownSync(Webhook.CreateInput)

/** A local port nothing listens on: taken, then closed. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 1))
    })
  })

const linesOf = (logLines: ReadonlyArray<string>, deliveryId: string) =>
  logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.deliveryId === deliveryId)

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`the worker's retry log on ${driver.name}`, { timeout: 60_000 }, () => {
    const suite = World.suite(driver.layer)
    let current: World.World
    afterEach(async () => {
      await current?.close()
    })

    it("logs each failed attempt as one JSON line with its reason: the status, a timeout, a refused connection", async () => {
      current = await suite.world.tenant()
      const [answering, slow] = [World.uniquePath(), World.uniquePath()]
      const ids = await World.withEndpoints(current, suite.receiver, { [answering]: ["*"], [slow]: ["*"] })
      suite.receiver.script(answering, [{ status: 500 }, { status: 503 }])
      suite.receiver.script(slow, [{ status: 200, delayMillis: 3_000 }])
      const refused = await current.run(
        Webhooks.create(createInput({ url: `http://127.0.0.1:${await closedPort()}/hook`, events: ["*"] }))
      )
      const logLines: Array<string> = []
      current.startWorker({ schedule: [200, 200], timeoutMillis: 1_000, logLines })
      await current.run(Customers.create({ firstName: "Barbara", lastName: "Liskov" }))

      const settled = (id: Webhook.WebhookEndpointId) =>
        Receiver.eventually(
          () => World.deliveriesOf(current, id),
          (items) => items[0] !== undefined && items[0].status !== "pending"
        ).then((items) => items[0]!)
      const [answered, timedOut, notReached] = await Promise.all([
        settled(ids[answering]!),
        settled(ids[slow]!),
        settled(refused.endpoint.id)
      ])
      expect(answered.status).toBe("succeeded")
      for (const line of logLines) {
        expect(Object.keys(JSON.parse(line)).slice(0, 3)).toEqual(["time", "level", "msg"])
      }
      expect(linesOf(logLines, answered.id)).toMatchObject([
        { level: "info", attempt: 1, status: 500, reason: "answered 500", retryInMs: expect.any(Number) },
        { level: "info", attempt: 2, status: 503, reason: "answered 503", retryInMs: expect.any(Number) }
      ])
      expect(linesOf(logLines, timedOut.id)[0]).toMatchObject({
        level: "warn",
        attempt: 1,
        reason: "timed out after 1000 ms",
        endpointId: ids[slow]
      })
      expect(notReached.status).toBe("failed")
      const refusals = linesOf(logLines, notReached.id)
      expect(refusals.map((line) => line.reason)).toEqual([
        "connection refused",
        "connection refused",
        "connection refused"
      ])
      expect(refusals.map((line) => line.msg)).toEqual([
        expect.stringContaining("will be retried"),
        expect.stringContaining("will be retried"),
        expect.stringContaining("no attempt is left")
      ])
    })
  })
}
