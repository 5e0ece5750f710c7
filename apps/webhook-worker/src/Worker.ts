/**
 * The delivery loop, over the domain's DeliveryQueue (OnDatabase wires the database's). A worker fans the outbox out
 * into deliveries (a fiber of its own, woken by the queue's announcements of new work and a slow poll), claims due
 * ones under a lease as slots free up (bounded in total and per endpoint), and sends each (Delivery). The claiming
 * loop sleeps until a fan-out made deliveries, a claim is due again, the next scheduled retry, or a slow poll wakes it. While it lives, a heartbeat renews the leases of the deliveries it is sending and gives back any other
 * lease under its name (a claim whose answer a broken connection lost, an attempt it could not record), at once after
 * such a failure; if it dies, its leases expire and any worker takes the work over. Closing its scope stops claiming, lets requests
 * in flight finish (each is bounded by the send timeout), and gives back the leases of deliveries not yet sent.
 */
import { hostname } from "node:os"
import { DeliveryQueue, RetrySchedule, type Webhook } from "@patron/domain"
import { Cause, Effect, FiberSet, Layer, Queue, Schedule, Semaphore } from "effect"
import * as Delivery from "./Delivery.ts"
import * as Recorder from "./Recorder.ts"
import * as Sender from "./Sender.ts"

export interface Options {
  /** Names this worker's leases; unique per process. */
  readonly owner: string
  /**
   * Deliveries a worker holds at once, in total: claimed and waiting for their endpoint's slot, being sent, or being
   * recorded. Enough to keep every endpoint's connections busy while the next claim and the records are on their way.
   */
  readonly concurrency: number
  /** Deliveries in flight at once to one endpoint. */
  readonly perEndpoint: number
  /** How long a claim holds a delivery without a heartbeat. */
  readonly leaseMillis: number
  /** The longest sleep between looks at the database when nothing wakes the worker. */
  readonly pollMillis: number
  readonly timeoutMillis: number
  readonly schedule: RetrySchedule.Schedule
  readonly allowPrivate: boolean
}

export const defaults: Omit<Options, "owner"> = {
  concurrency: 128,
  perEndpoint: 8,
  leaseMillis: 60_000,
  pollMillis: 5_000,
  timeoutMillis: 15_000,
  schedule: RetrySchedule.defaultSchedule,
  allowPrivate: false
}

/** A lease owner name unique to this process. */
export const ownerName = () => `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`

/** Outbox messages fanned out by one transaction. */
const fanOutBatch = 100

/** Runs the worker until its scope closes. */
export const run = (options: Options) =>
  Effect.gen(function* () {
    const deliveries = yield* DeliveryQueue.DeliveryQueue
    const wake = yield* Queue.make<void>({ capacity: 1, strategy: "dropping" })
    const signal = () => {
      Queue.offerUnsafe(wake, undefined)
    }
    // Wakes the fan-out: a NOTIFY says the outbox may hold new messages.
    const outboxWake = yield* Queue.make<void>({ capacity: 1, strategy: "dropping" })
    const newWork = () => {
      Queue.offerUnsafe(outboxWake, undefined)
    }
    // Finalizers run last-added first: leases are given back after the deliveries in flight have finished.
    yield* Effect.addFinalizer(() => deliveries.releaseLeases(options.owner).pipe(Effect.ignoreCause))
    const sender = yield* Effect.acquireRelease(
      Effect.sync(() =>
        Sender.make({
          allowPrivate: options.allowPrivate,
          timeoutMillis: options.timeoutMillis,
          connectionsPerOrigin: options.perEndpoint
        })
      ),
      (made) => Effect.promise(() => made.close())
    )
    // Made before the deliveries' fiber set, so it outlives them when the worker stops.
    const record = yield* Recorder.make
    const inFlight = yield* FiberSet.make<unknown>()
    yield* deliveries.onNewWork(newWork)
    // The fan-out runs beside the claims, so that a large backlog being fanned out never holds up claiming and
    // sending: on start, on a NOTIFY and after a quiet poll it fans out batch after batch while batches come back full,
    // waking the claims after each batch it fanned out.
    const fanOutAll = Effect.gen(function* () {
      let fanned = yield* deliveries.fanOut(fanOutBatch)
      while (fanned > 0) {
        signal()
        if (fanned < fanOutBatch) return
        fanned = yield* deliveries.fanOut(fanOutBatch)
      }
    })
    yield* fanOutAll.pipe(
      Effect.matchCauseEffect({
        // After a failed look, again in 1 s; after a good one, on the next NOTIFY or quiet poll.
        onFailure: (cause) =>
          Effect.andThen(
            Effect.logWarning("fanning out the outbox failed; trying again in 1 s", cause),
            Effect.sleep(1_000)
          ),
        onSuccess: () => Effect.timeoutOption(Queue.take(outboxWake), options.pollMillis)
      }),
      Effect.forever,
      Effect.forkScoped
    )
    // The deliveries this worker is sending. Claims and heartbeats take turns, so a heartbeat never gives back a
    // delivery whose claim has committed but is not yet in `held`.
    const held = new Set<Webhook.DeliveryId>()
    const claimBatch = Math.ceil(options.concurrency / 2)
    const leases = Semaphore.makeUnsafe(1)
    const keepLeases = leases.withPermit(
      Effect.suspend(() =>
        deliveries.keepLeases({ owner: options.owner, held: [...held], leaseMillis: options.leaseMillis })
      )
    )
    // Set when a look at the queue failed or an attempt went unrecorded: leases may be held that nothing is sending.
    let unsure = false
    yield* keepLeases.pipe(
      Effect.catchCause((cause) => Effect.logWarning("renewing the worker's leases failed; trying again", cause)),
      Effect.repeat(Schedule.spaced(options.leaseMillis / 3)),
      Effect.forkScoped
    )

    const endpointSlots = new Map<string, Semaphore.Semaphore>()
    const slotOf = (endpointId: string) => {
      let slot = endpointSlots.get(endpointId)
      if (slot === undefined) {
        slot = Semaphore.makeUnsafe(options.perEndpoint)
        endpointSlots.set(endpointId, slot)
      }
      return slot
    }
    const deliver = (delivery: DeliveryQueue.Claimed) =>
      // Once sending starts it finishes, even while the worker shuts down; waiting for the endpoint's slot does not.
      // The slot is held for the request alone, not while its attempt is recorded.
      Effect.uninterruptibleMask((restore) => {
        const slot = slotOf(delivery.endpointId)
        const sending = <A>(send: Effect.Effect<A>) =>
          Effect.andThen(restore(slot.take(1)), Effect.ensuring(send, slot.release(1)))
        return Delivery.attempt(delivery, { owner: options.owner, sender, schedule: options.schedule, record, sending })
      }).pipe(
        // Delivery.attempt logs an attempt that did not succeed, with its reason.
        Effect.tap((outcome) =>
          Effect.sync(() => {
            if (outcome === "LeaseLost") unsure = true
          })
        ),
        Effect.catchCause((cause) =>
          Cause.hasInterruptsOnly(cause)
            ? Effect.void
            : Effect.logError("a webhook delivery failed to run", cause, { deliveryId: delivery.id })
        ),
        Effect.ensuring(
          Effect.sync(() => {
            held.delete(delivery.id)
            // Wakes the loop when a claim is due again (half the slots free, or none held), not on every delivery.
            if (held.size === options.concurrency - claimBatch || held.size === 0) signal()
          })
        )
      )

    /** One look at the queue; how long to sleep after it (0: look again at once). */
    const tick = Effect.gen(function* () {
      if (unsure) {
        unsure = false
        yield* keepLeases
      }
      const busy = held.size
      const free = options.concurrency - busy
      // While busy, claim in batches of half the slots rather than one query per finished delivery.
      if (free <= 0 || (busy > 0 && free < claimBatch)) return options.pollMillis
      const claimed = yield* leases.withPermit(
        Effect.tap(
          deliveries.claim({ owner: options.owner, limit: free, leaseMillis: options.leaseMillis }),
          (claims) =>
            Effect.sync(() => {
              for (const claim of claims) held.add(claim.id)
            })
        )
      )
      for (const delivery of claimed) yield* FiberSet.run(inFlight, deliver(delivery))
      if (claimed.length === free) return options.pollMillis
      const due = yield* deliveries.nextDueIn
      return Math.min(options.pollMillis, due === undefined ? options.pollMillis : Math.max(due, 10))
    }).pipe(
      Effect.catchCause((cause) => {
        unsure = true
        return Effect.as(
          Effect.logWarning("the delivery loop could not reach the database; trying again in 1 s", cause),
          1_000
        )
      })
    )

    yield* Effect.logInfo(`webhook worker ${options.owner} started`, { owner: options.owner })
    yield* Effect.forever(
      Effect.flatMap(tick, (sleepMillis) =>
        sleepMillis === 0 ? Effect.void : Effect.timeoutOption(Queue.take(wake), sleepMillis)
      )
    )
  })

/** A layer that runs a worker for as long as it is alive. */
export const layer = (options: Options) => Layer.effectDiscard(Effect.forkScoped(Effect.scoped(run(options))))
