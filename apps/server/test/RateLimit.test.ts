import { describe, expect, it } from "vitest"
import * as RateLimit from "../src/RateLimit.ts"
import { admin } from "./principals.ts"

describe("RateLimit", () => {
  it("allows a burst of the limit, then refuses with the seconds to wait for one more", () => {
    const limiter = RateLimit.make(60)
    for (let i = 0; i < 60; i++) expect(limiter.take("pat_a", 0).allowed).toBe(true)
    expect(limiter.take("pat_a", 0)).toEqual({ allowed: false, retryAfterSeconds: 1 })
    expect(limiter.take("pat_a", 1_000).allowed).toBe(true)
  })

  it("takes a batch's calls all or none, saying when that many will be there", () => {
    const limiter = RateLimit.make(10)
    expect(limiter.take("pat_a", 0, 11)).toEqual({ allowed: false, retryAfterSeconds: 1, perMinute: 10 })
    expect(limiter.take("pat_a", 0, 5).allowed).toBe(true)
    // 5 left: 6 calls wait for one more token (6 s at 10 a minute); nothing was taken by the refusal.
    expect(limiter.take("pat_a", 0, 6)).toEqual({ allowed: false, retryAfterSeconds: 6 })
    expect(limiter.take("pat_a", 0, 5).allowed).toBe(true)
    expect(limiter.take("pat_a", 0).allowed).toBe(false)
  })

  it("keeps one bucket per token", () => {
    const limiter = RateLimit.make(1)
    expect(limiter.take("pat_a", 0).allowed).toBe(true)
    expect(limiter.take("pat_b", 0).allowed).toBe(true)
    expect(limiter.take("pat_a", 0)).toEqual({ allowed: false, retryAfterSeconds: 60 })
  })

  it("forgets idle buckets and allows everything when the limit is 0", () => {
    const limiter = RateLimit.make(10)
    limiter.take("pat_a", 0)
    limiter.sweep(60_000)
    expect(limiter.size()).toBe(0)
    const unlimited = RateLimit.make(0)
    for (let i = 0; i < 10_000; i++) expect(unlimited.take("pat_a", 0).allowed).toBe(true)
  })
})

describe("the HTTP host with a rate limit", () => {
  it("answers 429 TOO_MANY_REQUESTS with Retry-After once a token has used its requests", async () => {
    const { createServer } = await import("node:http")
    const { handler } = await import("../src/Http.ts")
    const limiter = RateLimit.make(2)
    const server = createServer(
      handler({
        run: () => Promise.reject(new Error("not used")),
        authenticate: async () => admin,
        isReady: async () => true,
        log: () => undefined,
        rateLimit: (tokenId) => limiter.take(tokenId, 0)
      })
    )
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const { port } = server.address() as { port: number }
    try {
      const statuses = []
      let last: Response | undefined
      for (let i = 0; i < 3; i++) {
        last = await fetch(`http://127.0.0.1:${port}/trpc/access.me`)
        statuses.push(last.status)
      }
      expect(statuses).toEqual([200, 200, 429])
      expect(last!.headers.get("retry-after")).toBe("30")
      expect(((await last!.json()) as { error: { data: { code: string } } }).error.data.code).toBe("TOO_MANY_REQUESTS")
    } finally {
      server.close()
    }
  })
})
