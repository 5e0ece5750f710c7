import { describe, expect, it } from "vitest"
import * as RateLimit from "../src/RateLimit.ts"
import * as SharedRateLimit from "../src/SharedRateLimit.ts"

/** A bucket as the database keeps it, without refill (the test's clock stands still), counting its leases. */
const bucket = (tokens: number) => {
  const state = { tokens, leases: 0 }
  const lease = async (_tokenId: string, want: number, need: number) => {
    state.leases++
    const granted = state.tokens >= want ? want : state.tokens >= need ? Math.floor(state.tokens) : 0
    state.tokens -= granted
    return { granted, available: state.tokens }
  }
  return { state, lease }
}

describe("the shared rate limit", () => {
  it("serves a lease's calls without another statement, and leases again when they are used", async () => {
    const shared = bucket(100)
    const limiter = SharedRateLimit.make({ perMinute: 6000, leaseSize: 10, lease: shared.lease })
    for (let call = 0; call < 10; call++) expect(await limiter.take("t", 0)).toEqual({ allowed: true })
    expect(shared.state.leases).toBe(1)
    expect(await limiter.take("t", 0)).toEqual({ allowed: true })
    expect(shared.state.leases).toBe(2)
    expect(shared.state.tokens).toBe(80)
  })

  it("takes what the bucket still holds when that covers the call, then refuses, remembering the refusal", async () => {
    const shared = bucket(3)
    const limiter = SharedRateLimit.make({ perMinute: 60, leaseSize: 10, lease: shared.lease })
    expect(await limiter.take("t", 0, 2)).toEqual({ allowed: true })
    expect(await limiter.take("t", 0, 1)).toEqual({ allowed: true })
    const refused = await limiter.take("t", 0, 1)
    expect(refused).toMatchObject({ allowed: false })
    expect(refused.allowed === false && refused.retryAfterSeconds).toBe(1)
    const leases = shared.state.leases
    expect(await limiter.take("t", 100, 1)).toMatchObject({ allowed: false })
    expect(shared.state.leases, "refused again without a statement").toBe(leases)
    shared.state.tokens = 5
    expect(await limiter.take("t", 1_000, 1)).toEqual({ allowed: true })
  })

  it("refuses a batch larger than the limit without a statement, and forgets a lease past its time", async () => {
    const shared = bucket(100)
    const limiter = SharedRateLimit.make({ perMinute: 10, leaseSize: 5, leaseMillis: 1_000, lease: shared.lease })
    expect(await limiter.take("t", 0, 11)).toMatchObject({ allowed: false, perMinute: 10 })
    expect(shared.state.leases).toBe(0)
    expect(await limiter.take("t", Date.now())).toEqual({ allowed: true })
    expect(await limiter.take("t", Date.now() + 2_000)).toEqual({ allowed: true })
    expect(shared.state.leases, "the first lease had expired").toBe(2)
  })

  it("rejects with Unavailable when the bucket cannot be reached", async () => {
    const limiter = SharedRateLimit.make({
      perMinute: 60,
      leaseSize: 1,
      lease: () => Promise.reject(new Error("connection refused"))
    })
    await expect(limiter.take("t", 0)).rejects.toBeInstanceOf(RateLimit.Unavailable)
  })
})
