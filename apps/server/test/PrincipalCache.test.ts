import { describe, expect, it } from "vitest"
import * as PrincipalCache from "../src/PrincipalCache.ts"
import { admin, holding } from "./principals.ts"

describe("the principal cache", () => {
  it("answers a cached principal until its time to live has passed", () => {
    const cache = PrincipalCache.make({ ttlMillis: 1_000, maxEntries: 10 })
    cache.set("a", admin, 0, cache.generation())
    expect(cache.get("a", 999)).toBe(admin)
    expect(cache.get("a", 1_000)).toBeUndefined()
    expect(cache.size()).toBe(0)
  })

  it("forgets everything on clear, and drops what a lookup begun before the clear found", () => {
    const cache = PrincipalCache.make({ ttlMillis: 1_000, maxEntries: 10 })
    cache.set("a", admin, 0, cache.generation())
    const since = cache.generation()
    cache.clear()
    expect(cache.get("a", 1)).toBeUndefined()
    cache.set("b", admin, 1, since)
    expect(cache.get("b", 2)).toBeUndefined()
    cache.set("b", admin, 1, cache.generation())
    expect(cache.get("b", 2)).toBe(admin)
  })

  it("keeps at most maxEntries, dropping the oldest first", () => {
    const cache = PrincipalCache.make({ ttlMillis: 1_000, maxEntries: 2 })
    const reader = holding("reader", ["customers:read"])
    cache.set("a", admin, 0, cache.generation())
    cache.set("b", reader, 0, cache.generation())
    cache.set("c", admin, 0, cache.generation())
    expect(cache.size()).toBe(2)
    expect(cache.get("a", 1)).toBeUndefined()
    expect(cache.get("b", 1)).toBe(reader)
  })
})
