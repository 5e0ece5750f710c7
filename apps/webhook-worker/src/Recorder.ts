/**
 * Records finished attempts in batches: each delivery hands its attempt over and waits; one fiber writes whatever has
 * queued up in one call of the queue's `record` (one statement on the database). An idle worker writes each attempt at once; a busy one
 * commits many per round trip. If the database cannot be reached, the waiting deliveries learn their attempt was not
 * recorded; their leases then expire and they are sent again (at least once).
 */
import { DeliveryQueue } from "@patron/domain"
import { Deferred, Effect, Queue } from "effect"

interface Pending {
  readonly item: DeliveryQueue.Finished
  readonly recorded: Deferred.Deferred<boolean>
}

/** Most attempts written by one statement. */
const maxBatch = 256

/** Starts the recorder in the current scope; returns how a delivery records its attempt. */
export const make = Effect.gen(function* () {
  const deliveries = yield* DeliveryQueue.DeliveryQueue
  const queue = yield* Queue.make<Pending>()
  yield* Effect.gen(function* () {
    const batch = (yield* Queue.takeBetween(queue, 1, maxBatch)) as ReadonlyArray<Pending>
    const recorded = yield* deliveries.record(batch.map((pending) => pending.item)).pipe(
      Effect.catchCause((cause) =>
        Effect.as(
          Effect.logWarning("recording attempts failed; their deliveries will be sent again", cause),
          batch.map(() => false)
        )
      )
    )
    for (const [index, pending] of batch.entries()) {
      Deferred.doneUnsafe(pending.recorded, Effect.succeed(recorded[index] === true))
    }
  }).pipe(Effect.forever, Effect.forkScoped)

  return (item: DeliveryQueue.Finished) =>
    Effect.gen(function* () {
      const recorded = yield* Deferred.make<boolean>()
      yield* Queue.offer(queue, { item, recorded })
      return yield* Deferred.await(recorded)
    })
})

export type Record = Effect.Success<typeof make>
