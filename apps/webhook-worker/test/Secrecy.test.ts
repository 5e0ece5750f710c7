/**
 * What the worker keeps secret and what it still sends, on each database: an endpoint's real header values reach the
 * receiver after updates that leave them hidden, and a refused destination is recorded in generic words while the
 * worker's own log keeps the detail, naming the delivery.
 */
import { drivers } from "@patron/db/testing"
import { Customers, Webhook, Webhooks } from "@patron/domain"
import { Schema } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import * as NoAnswer from "../src/NoAnswer.ts"
import * as Receiver from "./Receiver.ts"
import * as World from "./world.ts"

const createInput = Schema.decodeUnknownSync(Webhook.CreateInput)
const patchInput = Schema.decodeUnknownSync(Webhook.PatchInput)

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`the worker's secrecy on ${driver.name}`, { timeout: 60_000 }, () => {
    const suite = World.suite(driver.layer)
    let current: World.World
    afterEach(async () => {
      await current?.close()
    })

    it("sends the real header values after updates that leave them out or send them back hidden", async () => {
      current = await suite.world.tenant()
      const path = World.uniquePath()
      const { endpoint, secret } = await current.run(
        Webhooks.create(
          createInput({ url: suite.receiver.url(path), events: ["*"], headers: { Authorization: "Bearer downstream" } })
        )
      )
      suite.receiver.expectSecrets(path, [secret])
      await current.run(Webhooks.update({ id: endpoint.id, patch: patchInput({ description: "CRM" }) }))
      await current.run(
        Webhooks.update({
          id: endpoint.id,
          patch: patchInput({ headers: { Authorization: "Bearer ••••", "X-Team": "billing" } })
        })
      )
      current.startWorker()
      await current.run(Webhooks.test(endpoint.id))
      const [request] = await Receiver.eventually(
        () => suite.receiver.at(path),
        (requests) => requests.length === 1
      )
      expect(request?.headers.authorization).toBe("Bearer downstream")
      expect(request?.headers["x-team"]).toBe("billing")
      expect(request?.verified).toBe(true)
    })

    it("records a refused name in generic words and logs where it resolved, naming the delivery", async () => {
      current = await suite.world.tenant()
      const path = World.uniquePath()
      const url = suite.receiver.url(path).replace("127.0.0.1", "localhost")
      const { endpoint } = await current.run(
        Webhooks.create(createInput({ url, events: ["*"], headers: { Authorization: "Bearer downstream" } }))
      )
      const logLines: Array<string> = []
      current.startWorker({ allowPrivate: false, schedule: [60_000], logLines })
      await current.run(Customers.create({ firstName: "Margaret", lastName: "Hamilton" }))
      const [delivery] = await Receiver.eventually(
        () => World.deliveriesOf(current, endpoint.id),
        (items) => items[0]?.attempts.length === 1
      )
      const recorded = delivery?.attempts[0]?.error
      expect(recorded).toBe(NoAnswer.refusedPrivate)
      expect(recorded).not.toMatch(/localhost|127\.0\.0\.1|::1/)
      const logged = await Receiver.eventually(
        () => logLines.filter((line) => line.includes(delivery!.id)),
        (lines) => lines.length > 0
      )
      expect(logged[0]).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/)
      expect(JSON.parse(logged[0]!)).toMatchObject({ level: "warn", deliveryId: delivery!.id, reason: recorded })
      expect(logLines.join("\n")).not.toContain("downstream")
      expect(suite.receiver.at(path)).toHaveLength(0)
    })
  })
}
