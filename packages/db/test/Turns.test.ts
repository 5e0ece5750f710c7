import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
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

  it.live(
    "the worker gets turns between its endpoints' answers while API statements follow one another without a pause",
    () =>
      Effect.gen(function* () {
        const db = yield* Database
        const queue = yield* DeliveryQueue.DeliveryQueue
        // A webhook endpoint: the worker's answers arrive as I/O, as they do in the server.
        const endpoint = createServer((_req, res) => res.end("ok"))
        yield* Effect.acquireRelease(
          Effect.callback<void>((resume) => void endpoint.listen(0, "127.0.0.1", () => resume(Effect.void))),
          () => Effect.sync(() => endpoint.close())
        )
        const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/`
        let apiDone = 0
        let workerDoneAt: number | undefined
        // Eight requests in work, each making 40 statements back to back.
        const api = Effect.forEach(
          Array.from({ length: 8 }, () => 0),
          () =>
            Effect.forEach(
              Array.from({ length: 40 }, () => 0),
              () => Effect.tap(db.query(sql`select 1`), () => Effect.sync(() => apiDone++)),
              { discard: true }
            ),
          { concurrency: "unbounded", discard: true }
        )
        // The worker: five deliveries, each a statement and a request to the endpoint.
        const worker = Effect.forEach(
          Array.from({ length: 5 }, () => 0),
          () =>
            Effect.andThen(
              queue.nextDueIn,
              Effect.promise(() => fetch(url).then((response) => response.text()))
            ),
          { discard: true }
        ).pipe(Effect.tap(() => Effect.sync(() => (workerDoneAt = apiDone))))
        yield* Effect.all([api, worker], { concurrency: "unbounded", discard: true }).pipe(Effect.orDie)
        // Without a pause the endpoint's answers would wait for the API to finish all its 320 statements.
        assert.isDefined(workerDoneAt)
        assert.isBelow(workerDoneAt ?? Infinity, 8 * 40, `the worker finished after ${workerDoneAt} API statements`)
      }).pipe(Effect.scoped, Effect.provide(Deliveries.layer.pipe(Layer.provideMerge(pglite())))),
    30_000
  )
})
