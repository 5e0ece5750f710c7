/**
 * Admission of API requests (`PATRON_MAX_CONCURRENT_REQUESTS`): at most `limit` requests in work at once, the rest
 * waiting in arrival order before their body is read or any of their work starts. On the embedded database the one
 * connection runs one statement at a time and the webhook worker shares the server's one JavaScript thread: every
 * turn of the event loop runs the next step of each request in work, so the worker's answers from its endpoints wait
 * behind as many steps as there are requests in work (issue 12: with 8 in work the PGlite load drill's
 * ack → receiver p99 stayed several seconds, with 2 it is under a second). A request that waits longer than
 * `maxWaitMs` is refused, and so is one arriving while `maxWaiting` already wait.
 */

/** How admission is bounded; `limit` 0 admits everything at once. */
export interface Options {
  readonly limit: number
  /** Requests waiting at most; one more is refused at once. */
  readonly maxWaiting: number
  /** How long a request may wait for its turn. */
  readonly maxWaitMs: number
}

/** The answer to a request asking to start: its turn (release it when the request ends), or a refusal. */
export type Entry =
  | { readonly _tag: "Admitted"; readonly release: () => void }
  | { readonly _tag: "Refused"; readonly reason: "queue full" | "waited too long" | "abandoned" }

export interface Admission {
  /**
   * Waits for a turn. `onAbandon` is given a function to call when the caller goes away while it waits: its place
   * is given up (calling it later does nothing).
   */
  readonly enter: (onAbandon?: (giveUp: () => void) => void) => Promise<Entry>
  /** Requests in work now. */
  readonly inWork: () => number
  /** Requests waiting now. */
  readonly waiting: () => number
}

interface Waiter {
  readonly admit: () => void
  readonly timer: ReturnType<typeof setTimeout>
}

/** An admission gate bounded by `options`. */
export const make = (options: Options): Admission => {
  let inWork = 0
  const queue: Array<Waiter> = []

  const releaser = () => {
    let released = false
    return () => {
      if (released) return
      released = true
      inWork--
      const next = queue.shift()
      if (next !== undefined) next.admit()
    }
  }

  const enter: Admission["enter"] = (onAbandon) => {
    if (options.limit === 0) return Promise.resolve({ _tag: "Admitted", release: () => undefined })
    if (inWork < options.limit && queue.length === 0) {
      inWork++
      return Promise.resolve({ _tag: "Admitted", release: releaser() })
    }
    if (queue.length >= options.maxWaiting) return Promise.resolve({ _tag: "Refused", reason: "queue full" })
    return new Promise<Entry>((resolve) => {
      const leave = () => {
        const index = queue.indexOf(waiter)
        if (index === -1) return false
        queue.splice(index, 1)
        clearTimeout(waiter.timer)
        return true
      }
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer)
          inWork++
          resolve({ _tag: "Admitted", release: releaser() })
        },
        timer: setTimeout(() => {
          if (leave()) resolve({ _tag: "Refused", reason: "waited too long" })
        }, options.maxWaitMs)
      }
      queue.push(waiter)
      onAbandon?.(() => {
        if (leave()) resolve({ _tag: "Refused", reason: "abandoned" })
      })
    })
  }

  return { enter, inWork: () => inWork, waiting: () => queue.length }
}

/** The message of a refused request. */
export const refusal = (reason: "queue full" | "waited too long") =>
  reason === "queue full"
    ? "the server is busy: too many requests are waiting (PATRON_MAX_CONCURRENT_REQUESTS), try again shortly"
    : "the server is busy: the request waited its whole PATRON_REQUEST_TIMEOUT_MS for a turn, try again shortly"
