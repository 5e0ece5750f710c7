/**
 * A per-token rate limit: a token bucket per API token holding up to `perMinute` requests and refilling at
 * `perMinute / 60` a second, kept in the process. It serves the embedded mode (one process on PGlite); on
 * PostgreSQL, where several server processes share one budget per token, SharedRateLimit.ts leases from buckets in
 * the database and answers the same decisions.
 */

/** The limit could not be checked: the database is unreachable. */
export class Unavailable extends Error {
  constructor() {
    super("the database is unavailable, try again shortly")
  }
}

/**
 * Whether a request may go ahead, or how many seconds to wait before retrying; `perMinute` is there when more calls
 * were asked at once than the bucket ever holds (a batch to split, not to retry as it is).
 */
export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly perMinute?: number }

/** The message of a 429 for `calls` calls (1, or a batch's). */
export const refusal = (
  calls: number,
  decision: { readonly retryAfterSeconds: number; readonly perMinute?: number }
) =>
  decision.perMinute !== undefined
    ? `a batch of ${calls} calls is more than this API token's ${decision.perMinute} requests a minute ` +
      "(PATRON_RATE_LIMIT_PER_MINUTE; each call of a batch counts): split it"
    : `too many requests for this API token${calls === 1 ? "" : ` (a batch of ${calls} calls counts as ${calls})`}: ` +
      `retry after ${decision.retryAfterSeconds} s`

interface Bucket {
  tokens: number
  updatedAt: number
}

/** A limiter allowing `perMinute` requests a minute per key, in bursts up to that many; 0 allows everything. */
export const make = (perMinute: number) => {
  const buckets = new Map<string, Bucket>()
  const refillPerMilli = perMinute / 60_000

  /**
   * Takes `count` requests' tokens (one per procedure of a tRPC batch) from the key's bucket at time `now`
   * (milliseconds), all or none: when fewer remain, nothing is taken and the answer says how long until `count` are
   * there (or, for more than a bucket holds, until it is full again).
   */
  const take = (key: string, now: number, count = 1): Decision => {
    if (perMinute <= 0) return { allowed: true }
    const bucket = buckets.get(key) ?? { tokens: perMinute, updatedAt: now }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * refillPerMilli)
    bucket.updatedAt = now
    buckets.set(key, bucket)
    if (bucket.tokens >= count) {
      bucket.tokens -= count
      return { allowed: true }
    }
    const missing = Math.min(count, perMinute) - bucket.tokens
    const retryAfterSeconds = Math.max(1, Math.ceil(missing / refillPerMilli / 1000))
    return count > perMinute ? { allowed: false, retryAfterSeconds, perMinute } : { allowed: false, retryAfterSeconds }
  }

  /** Forgets buckets that are full again (idle keys), so the map does not grow without bound. */
  const sweep = (now: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * refillPerMilli >= perMinute) buckets.delete(key)
    }
  }

  return { take, sweep, size: () => buckets.size }
}
