/**
 * A worker stopped gracefully finishes the requests it has in flight and gives back what it had claimed but not
 * sent, so another worker sends those at once, each exactly once.
 */
import { drivers } from "@patron/db/testing"
import { Customers } from "@patron/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Receiver from "./Receiver.ts"
import * as World from "./world.ts"

const postgres = (await drivers()).find((driver) => driver.name === "PostgreSQL")!

describe.skipIf(postgres.skip !== undefined)("a worker stopping gracefully", { timeout: 60_000 }, () => {
  let world: Awaited<ReturnType<typeof World.open>>
  let receiver: Receiver.Receiver
  beforeAll(async () => {
    world = await World.open(postgres.layer())
    receiver = await Receiver.start()
  })
  afterAll(async () => {
    await receiver?.close()
    await world?.close()
  })

  it("finishes the request in flight and hands its unsent claims to another worker", async () => {
    const t = await world.tenant()
    const path = World.uniquePath()
    const ids = await World.withEndpoints(t, receiver, { [path]: ["customer.created"] })
    receiver.script(path, [{ status: 200, delayMillis: 1_500 }])
    for (const name of ["Ada", "Grace", "Edsger"]) await t.run(Customers.create({ firstName: name, lastName: "X" }))
    // One request at a time to the endpoint: the first is in flight, two wait under this worker's lease.
    const stop = t.startWorker({ perEndpoint: 1 })
    await Receiver.eventually(
      () => receiver.at(path).length,
      (count) => count === 1
    )
    const stopping = Date.now()
    await stop()
    expect(Date.now() - stopping).toBeGreaterThan(500)
    const afterStop = await World.deliveriesOf(t, ids[path]!)
    expect(afterStop.map((delivery) => delivery.status).sort()).toEqual(["pending", "pending", "succeeded"])
    expect(receiver.at(path)).toHaveLength(1)

    const startedAgain = Date.now()
    t.startWorker({ pollMillis: 60_000 })
    const done = await Receiver.eventually(
      () => World.deliveriesOf(t, ids[path]!),
      (items) => items.every((delivery) => delivery.status === "succeeded")
    )
    // Given back, not left to a lease expiry: the second worker sends them at once.
    expect(Date.now() - startedAgain).toBeLessThan(5_000)
    expect(done.map((delivery) => delivery.attempts.length)).toEqual([1, 1, 1])
    expect(new Set(receiver.at(path).map((request) => request.id)).size).toBe(3)
    expect(receiver.at(path)).toHaveLength(3)
    await t.close()
  })
})
