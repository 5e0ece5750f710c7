/**
 * What a broken connection to the database can lose, and the worker must not be stuck on: the answer to a claim that
 * committed (the deliveries are leased to this worker, which never learnt of them), and the record of an attempt that
 * was sent. In both the worker gives the lease back at once and the delivery goes out again, rather than renewing
 * the lease for as long as the worker lives, as when PostgreSQL restarted under the drill's load.
 */
import { drivers } from "@patron/db/testing"
import { Customers } from "@patron/domain"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Receiver from "./Receiver.ts"
import * as World from "./world.ts"

/** A queue whose first `claims` non-empty claims and first `records` records commit (or not) and then fail. */
const losing =
  (lose: { claims?: number; records?: number }) =>
  (queue: World.Queue): World.Queue => {
    let claims = lose.claims ?? 0
    let records = lose.records ?? 0
    return {
      ...queue,
      claim: (options) =>
        Effect.flatMap(queue.claim(options), (claimed) =>
          claimed.length > 0 && claims-- > 0
            ? Effect.die(new Error("the connection broke after the claim committed"))
            : Effect.succeed(claimed)
        ),
      record: (attempts) =>
        records-- > 0
          ? Effect.die(new Error("the connection broke before the attempt was recorded"))
          : queue.record(attempts)
    }
  }

// Far longer than the waits below: only giving the lease back can make the delivery go out again in time.
const leaseMillis = 120_000

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`answers lost on the way from ${driver.name}`, { timeout: 60_000 }, () => {
    const suite = World.suite(driver.layer)

    it("sends a delivery whose claim committed but whose answer was lost", async () => {
      const t = await suite.world.tenant()
      const path = World.uniquePath()
      const ids = await World.withEndpoints(t, suite.receiver, { [path]: ["customer.created"] })
      const stop = t.startWorker({ leaseMillis, around: losing({ claims: 1 }) })
      try {
        const created = await t.run(Customers.create({ firstName: "Lost", lastName: "Claim" }))
        await Receiver.eventually(
          () => suite.receiver.at(path),
          (received) => received.length === 1,
          10_000
        )
        expect(suite.receiver.at(path)[0]?.json).toMatchObject({ type: "customer.created", data: { id: created.id } })
        const [delivery] = await Receiver.eventually(
          () => World.deliveriesOf(t, ids[path]!),
          (deliveries) => deliveries[0]?.status === "succeeded",
          10_000
        )
        // The lost claim counted no attempt: the one that went out is the first and only one logged.
        expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([200])
      } finally {
        await stop()
      }
    })

    it("sends again a delivery whose attempt could not be recorded, and records it", async () => {
      const t = await suite.world.tenant()
      const path = World.uniquePath()
      const ids = await World.withEndpoints(t, suite.receiver, { [path]: ["customer.created"] })
      const stop = t.startWorker({ leaseMillis, around: losing({ records: 1 }) })
      try {
        await t.run(Customers.create({ firstName: "Lost", lastName: "Record" }))
        const deliveries = await Receiver.eventually(
          () => World.deliveriesOf(t, ids[path]!),
          (found) => found[0]?.status === "succeeded",
          10_000
        )
        const received = suite.receiver.at(path)
        // At least once: the unrecorded attempt reached the suite.receiver, and so did the one sent again, with its id.
        expect(received).toHaveLength(2)
        expect(received[1]?.id).toBe(received[0]?.id)
        expect(deliveries[0]?.attempts.at(-1)?.status).toBe(200)
      } finally {
        await stop()
      }
    })
  })
}
