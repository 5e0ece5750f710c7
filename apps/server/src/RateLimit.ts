/**
 * A per-token rate limit: a token bucket per API token holding up to `perMinute` requests and refilling at
 * `perMinute / 60` a second. It is per process; with several server processes each keeps its own buckets.
 */

/** Whether a request may go ahead, or how many seconds to wait before retrying. */
export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

interface Bucket {
  tokens: number
  updatedAt: number
}

/** A limiter allowing `perMinute` requests a minute per key, in bursts up to that many; 0 allows everything. */
export const make = (perMinute: number) => {
  const buckets = new Map<string, Bucket>()
  const refillPerMilli = perMinute / 60_000

  /** Takes one request's token from the key's bucket at time `now` (milliseconds). */
  const take = (key: string, now: number): Decision => {
    if (perMinute <= 0) return { allowed: true }
    const bucket = buckets.get(key) ?? { tokens: perMinute, updatedAt: now }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * refillPerMilli)
    bucket.updatedAt = now
    buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { allowed: true }
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMilli / 1000)) }
  }

  /** Forgets buckets that are full again (idle keys), so the map does not grow without bound. */
  const sweep = (now: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * refillPerMilli >= perMinute) buckets.delete(key)
    }
  }

  return { take, sweep, size: () => buckets.size }
}
