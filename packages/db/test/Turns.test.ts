import { assert, describe, it } from "@effect/vitest"
import { DeliveryQueue, Ids } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Deferred, Effect, Fiber, Layer } from "effect"
import { Database, layerPGlite } from "../src/Database.ts"
import * as Deliveries from "../src/Deliveries.ts"
import { migrate } from "../src/Migrator.ts"

const pglite = () => Layer.effectDiscard(migrate).pipe(Layer.provideMerge(layerPGlite()), Layer.merge(Ids.Ids.layer))

describe("PGlite's turns", () => {
  it.live(
    "the worker's statement waits behind one of the API's, not behind every request queued before it",
    () =>
      Effect.gen(function* () {
        const db = yield* Database
        const queue = yield* DeliveryQueue.DeliveryQueue
        const finished: Array<string> = []
        const api = (i: number) =>
          Effect.tap(db.query(sql`select pg_sleep(0.005)`), () => Effect.sync(() => finished.push(`api ${i}`)))
        // While an API transaction holds the one connection, forty API statements queue, then one of the worker's.
        const gate = yield* Deferred.make<void>()
        const holder = yield* Effect.forkChild(db.transaction(Deferred.await(gate)))
        yield* Effect.sleep("20 millis")
        const fibers = yield* Effect.forEach(
          Array.from({ length: 40 }, (_, i) => i),
          (i) => Effect.forkChild(Effect.orDie(api(i)))
        )
        yield* Effect.sleep("20 millis")
        const worker = yield* Effect.forkChild(
          Effect.tap(queue.nextDueIn, () => Effect.sync(() => finished.push("worker")))
        )
        yield* Effect.sleep("20 millis")
        yield* Deferred.succeed(gate, undefined)
        yield* Effect.forEach([holder, ...fibers, worker], (fiber: Fiber.Fiber<unknown>) => Fiber.join(fiber))
        assert.isAtMost(finished.indexOf("worker"), 2, finished.join(", "))
        // And the API still gets its turns while the worker keeps asking.
        finished.length = 0
        const again = yield* Deferred.make<void>()
        const holding = yield* Effect.forkChild(db.transaction(Deferred.await(again)))
        yield* Effect.sleep("20 millis")
        const apiFibers = yield* Effect.forEach(
          Array.from({ length: 10 }, (_, i) => i),
          (i) => Effect.forkChild(Effect.orDie(api(i)))
        )
        const busyWorker = yield* Effect.forkChild(
          Effect.forEach(
            Array.from({ length: 10 }, () => 0),
            () => Effect.tap(queue.nextDueIn, () => Effect.sync(() => finished.push("worker")))
          )
        )
        yield* Effect.sleep("20 millis")
        yield* Deferred.succeed(again, undefined)
        yield* Effect.forEach([holding, ...apiFibers, busyWorker], (fiber: Fiber.Fiber<unknown>) => Fiber.join(fiber))
        const lastApi = finished.findLastIndex((entry) => entry.startsWith("api"))
        assert.isAtMost(lastApi, 19, finished.join(", "))
      }).pipe(Effect.provide(Deliveries.layer.pipe(Layer.provideMerge(pglite())))),
    30_000
  )
})
