/**
 * The principals of recently presented tokens, so that a call costs no token or role lookup. An entry lives at most
 * `ttlMillis` (the backstop should an access change go unheard); every access change any process commits clears
 * the whole cache (AccessChanges.ts), so a revoked token or a changed role applies within a notification's delay.
 * Entries are keyed by the SHA-256 of the secret, never the secret; past `maxEntries` the oldest entry goes first.
 * Only valid tokens are cached: an unknown or revoked secret is looked up each time (and a token created later works
 * at once).
 */
import type { Principal } from "@patron/domain"

/** How long an entry may be trusted, and how many are kept. */
export interface Options {
  readonly ttlMillis: number
  readonly maxEntries: number
}

/** Ten seconds at most, and enough entries for every token of a busy installation. */
export const defaults: Options = { ttlMillis: 10_000, maxEntries: 10_000 }

interface Entry {
  readonly principal: Principal.Principal
  readonly expiresAt: number
}

/** A cache of principals by secret hash. */
export const make = (options: Options = defaults) => {
  const entries = new Map<string, Entry>()
  // A clear that happens while a lookup is in flight wins: what that lookup read may be older than the change.
  let generation = 0

  return {
    /** The principal cached for `key` at time `now` (milliseconds), if still fresh. */
    get: (key: string, now: number): Principal.Principal | undefined => {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      if (entry.expiresAt > now) return entry.principal
      entries.delete(key)
      return undefined
    },
    /** The generation to hand back to `set`: take it before looking a token up. */
    generation: () => generation,
    /** Caches what a lookup started at `since` (a `generation()`) found, unless access changed meanwhile. */
    set: (key: string, principal: Principal.Principal, now: number, since: number) => {
      if (since !== generation || options.maxEntries <= 0) return
      entries.delete(key)
      while (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(key, { principal, expiresAt: now + options.ttlMillis })
    },
    /** Forgets everything: access changed somewhere. */
    clear: () => {
      generation++
      entries.clear()
    },
    size: () => entries.size
  }
}

/** A principal cache. */
export type PrincipalCache = ReturnType<typeof make>
