/**
 * Turns on PGlite's one connection, in two lanes: the API's statements and the in-process webhook worker's. Each lane
 * waits in order; when both wait they alternate, so the worker's next statement waits behind at most one of the
 * API's (a statement or a whole transaction) instead of behind every request queued before it, and a busy worker
 * still leaves every other turn to the API.
 *
 * An API statement first lets the event loop go round once (`setImmediate`). PGlite answers from the same thread
 * through promises, so requests in work can chain statement after statement as microtasks without the loop ever
 * reaching its I/O: the worker's answers from webhook endpoints and its timers then wait until the API is idle, the
 * worker never asks for a turn, and events reach their endpoints only after the load (issue 12: PGlite load drill
 * ack → receiver p99 ~14 s → under 1 s). One turn of the loop per API statement costs the API microseconds.
 */
import { Context, Deferred, Effect } from "effect"

export type Lane = "api" | "worker"

/** The lane the current fiber's statements wait in; the worker's DeliveryQueue adapter sets `worker`. */
export const CurrentLane = Context.Reference<Lane>("@patron/db/CurrentLane", { defaultValue: () => "api" })

export interface Turns {
  /** Waits for a turn in `lane` (interruptibly); the caller must `release` it. */
  readonly take: (lane: Lane) => Effect.Effect<void>
  readonly release: Effect.Effect<void>
  /** Runs `effect` in a turn of the current fiber's lane. */
  readonly withTurn: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/** Lets the event loop run its pending I/O and timers before going on. */
const yieldToEventLoop: Effect.Effect<void> = Effect.callback<void>((resume) => {
  const immediate = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(immediate))
})

export const make = (): Turns => {
  let held = false
  let last: Lane = "api"
  const queues: Record<Lane, Array<Deferred.Deferred<void>>> = { api: [], worker: [] }
  const passOn = () => {
    const other: Lane = last === "api" ? "worker" : "api"
    const lane = queues[other].length > 0 ? other : last
    const next = queues[lane].shift()
    if (next === undefined) {
      held = false
      return
    }
    last = lane
    Deferred.doneUnsafe(next, Effect.void)
  }
  const takeNow = (lane: Lane) =>
    Effect.suspend(() => {
      if (!held) {
        held = true
        last = lane
        return Effect.void
      }
      const turn = Deferred.makeUnsafe<void>()
      queues[lane].push(turn)
      return Deferred.await(turn).pipe(
        Effect.onInterrupt(() =>
          Effect.sync(() => {
            const index = queues[lane].indexOf(turn)
            // Still waiting: leave the queue. Already given the turn: pass it on.
            if (index >= 0) queues[lane].splice(index, 1)
            else passOn()
          })
        )
      )
    })
  const take = (lane: Lane) => (lane === "api" ? Effect.andThen(yieldToEventLoop, takeNow(lane)) : takeNow(lane))
  const release = Effect.sync(passOn)
  const withTurn = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.flatMap(Effect.service(CurrentLane), (lane) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.andThen(restore(take(lane)), Effect.ensuring(restore(effect), release))
      )
    )
  return { take, release, withTurn }
}
