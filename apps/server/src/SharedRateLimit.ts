/**
 * The per-token rate limit as one budget across every server process on a PostgreSQL database: each token's bucket
 * lives in the database (RateLimitBuckets.ts), and a process leases `leaseSize` calls of it at a time, so most calls
 * cost no statement. What a process leased and did not use within `leaseMillis` is forgotten (spent): the shared
 * limit is never exceeded, and a process that stops using a token strands at most one lease. A refusal is remembered
 * with what the bucket held, so a token over its limit is refused without a statement until it could fit again.
 */
import type { Decision } from "./RateLimit.ts"
import * as RateLimit from "./RateLimit.ts"

/** What a lease of the shared bucket got, and what the bucket held after it. */
export interface Lease {
  readonly granted: number
  readonly available: number
}

export interface Options {
  readonly perMinute: number
  /** Calls leased at once. */
  readonly leaseSize: number
  /** How long leased calls may be used. */
  readonly leaseMillis?: number
  /** Takes `want` calls of a token's bucket, or at least `need`, or none; rejects when the database is unreachable. */
  readonly lease: (tokenId: string, want: number, need: number) => Promise<Lease>
}

/** The lease size for a limit: a tenth of a second's refill, at least one call (so small limits stay exact). */
export const leaseSizeFor = (perMinute: number) => Math.max(1, Math.floor(perMinute / 600))

interface Held {
  remaining: number
  readonly expiresAt: number
}

interface Refused {
  readonly available: number
  readonly at: number
}

/** A limiter over the shared buckets; `take` answers as the in-process limiter's does. */
export const make = (options: Options) => {
  const { perMinute, leaseSize } = options
  const leaseMillis = options.leaseMillis ?? 1_000
  const perMilli = perMinute / 60_000
  const held = new Map<string, Held>()
  const refused = new Map<string, Refused>()
  const leasing = new Map<string, Promise<unknown>>()

  const refusal = (count: number, available: number): Decision => {
    const missing = Math.min(count, perMinute) - available
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / perMilli / 1000)) }
  }

  const fromHeld = (key: string, now: number, count: number) => {
    const lease = held.get(key)
    if (lease === undefined || lease.expiresAt <= now || lease.remaining < count) return false
    lease.remaining -= count
    return true
  }

  const take = async (key: string, now: number, count = 1): Promise<Decision> => {
    if (perMinute <= 0) return { allowed: true }
    if (count > perMinute) return { allowed: false, retryAfterSeconds: 60, perMinute }
    for (let attempt = 0; ; attempt++) {
      if (fromHeld(key, now, count)) return { allowed: true }
      const last = refused.get(key)
      if (last !== undefined) {
        const estimate = Math.min(perMinute, last.available + (now - last.at) * perMilli)
        if (estimate < count) return refusal(count, estimate)
        refused.delete(key)
      }
      // One lease at a time per token: the others wait for it, then look again.
      const pending = leasing.get(key)
      if (pending === undefined || attempt >= 2) break
      await pending.catch(() => undefined)
    }
    const leftover = held.get(key)
    const kept = leftover !== undefined && leftover.expiresAt > now ? leftover.remaining : 0
    const need = count - kept
    const request = options.lease(key, Math.max(need, leaseSize), need)
    leasing.set(key, request)
    let lease: Lease
    try {
      lease = await request.catch(() => {
        throw new RateLimit.Unavailable()
      })
    } finally {
      if (leasing.get(key) === request) leasing.delete(key)
    }
    if (lease.granted < need) {
      refused.set(key, { available: lease.available, at: now })
      return refusal(count, kept + lease.available)
    }
    held.set(key, { remaining: kept + lease.granted - count, expiresAt: now + leaseMillis })
    return { allowed: true }
  }

  /** Forgets expired leases and refusals, so the maps do not grow without bound. */
  const sweep = (now: number) => {
    for (const [key, lease] of held) if (lease.expiresAt <= now) held.delete(key)
    for (const [key, last] of refused) if (last.available + (now - last.at) * perMilli >= perMinute) refused.delete(key)
  }

  return { take, sweep }
}
