/**
 * Watches the server's `GET /readyz` (200 when the database answers, 503 otherwise) every 100 ms and keeps when it
 * changed, so a fault drill can show it going red during an outage and green again afterwards.
 */

export interface Change {
  readonly at: number
  readonly ready: boolean
  readonly status: string
}

export interface Watch {
  readonly changes: Array<Change>
  readonly isReady: () => boolean | undefined
  readonly stop: () => Promise<void>
}

const probe = async (base: string): Promise<{ ready: boolean; status: string }> => {
  try {
    const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3_000) })
    await response.text()
    return { ready: response.status === 200, status: String(response.status) }
  } catch (error) {
    return { ready: false, status: error instanceof Error && error.name === "TimeoutError" ? "timeout" : "no answer" }
  }
}

/** Starts watching `base`. */
export const watch = (base: string, intervalMillis = 100): Watch => {
  const changes: Array<Change> = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const { ready, status } = await probe(base)
      if (changes.at(-1)?.ready !== ready) changes.push({ at: Date.now(), ready, status })
      await new Promise((resolve) => setTimeout(resolve, intervalMillis))
    }
  })()
  return {
    changes,
    isReady: () => changes.at(-1)?.ready,
    stop: async () => {
      stopped = true
      await loop
    }
  }
}

/** Resolves when `holds()`; rejects after `timeoutMillis`, or as soon as `abort()` gives a reason. */
export const until = async (
  holds: () => boolean | Promise<boolean>,
  timeoutMillis: number,
  what: string,
  abort: () => string | undefined = () => undefined
) => {
  const deadline = Date.now() + timeoutMillis
  while (!(await holds())) {
    const reason = abort()
    if (reason !== undefined) throw new Error(`${what} did not happen: ${reason}`)
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMillis / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** "green → red at 3.1 s (503) → green at 7.4 s", times from `origin`. */
export const describe = (changes: ReadonlyArray<Change>, origin: number) =>
  changes
    .map(
      (change, index) =>
        `${change.ready ? "green" : "red"}${index === 0 ? "" : ` at ${((change.at - origin) / 1000).toFixed(1)} s`}${change.ready ? "" : ` (${change.status})`}`
    )
    .join(" → ")
