/**
 * Bearer tokens to principals. A token's principal is cached in the process (PrincipalCache.ts), so a call costs no
 * lookup; the cache forgets everything when any process commits an access change (AccessChanges.ts). `lastUsedAt`
 * is kept without a write per request: uses are collected and written in one statement every few seconds (and on
 * shutdown).
 */
import { createHash } from "node:crypto"
import { AccessChanges, type Database } from "@patron/db"
import { Access, ApiTokenRepository, Principal, type Secrets, type Transactions, type Use } from "@patron/domain"
import { Cause, DateTime, Effect, Exit, Fiber, type ManagedRuntime } from "effect"
import * as PrincipalCache from "./PrincipalCache.ts"

type Needs = ApiTokenRepository | Secrets | Transactions | Database

/** A token could not be checked because the database did not answer. */
export class AuthenticationUnavailable extends Error {
  constructor() {
    super("the database is unavailable, try again shortly")
  }
}

const secretOf = (authorization: string | undefined) => authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
const keyOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("base64url")

/** The authenticator of a process. */
export const make = <E>(
  runtime: ManagedRuntime.ManagedRuntime<Needs, E>,
  options: PrincipalCache.Options = PrincipalCache.defaults
) => {
  const cache = PrincipalCache.make(options)
  const watcher = runtime.runFork(Effect.scoped(Effect.andThen(AccessChanges.watch(cache.clear), Effect.never)))

  const pending = new Map<string, Use>()
  const flush = async () => {
    if (pending.size === 0) return
    const uses = [...pending.values()]
    pending.clear()
    await runtime.runPromiseExit(Effect.flatMap(Effect.service(ApiTokenRepository), (tokens) => tokens.touch(uses)))
  }
  const timer = setInterval(() => void flush(), 5_000)
  timer.unref()

  const lookUp = async (secret: string | undefined): Promise<Principal.Principal | null> => {
    const exit = await runtime.runPromiseExit(Access.authenticate(secret))
    if (Exit.isFailure(exit)) {
      if (Cause.hasFails(exit.cause)) return null
      throw new AuthenticationUnavailable()
    }
    return Principal.ofToken(exit.value)
  }

  /**
   * The principal of an `Authorization: Bearer pat_…` header; null without a valid token. When the token cannot be
   * checked (the database is unreachable) it rejects with `AuthenticationUnavailable`: a client must hear "try again",
   * not that its token is bad.
   */
  const authenticate = async (authorization: string | undefined): Promise<Principal.Principal | null> => {
    const secret = secretOf(authorization)
    const key = secret === undefined ? undefined : keyOf(secret)
    let principal = key === undefined ? undefined : cache.get(key, Date.now())
    if (principal === undefined) {
      const since = cache.generation()
      const found = await lookUp(secret)
      if (found === null) return null
      if (key !== undefined) cache.set(key, found, Date.now(), since)
      principal = found
    }
    pending.set(principal.tokenId, { tenantId: principal.tenantId, id: principal.tokenId, at: DateTime.nowUnsafe() })
    return principal
  }

  return {
    authenticate,
    /** How many principals are cached (for tests). */
    cached: cache.size,
    stop: async () => {
      clearInterval(timer)
      await runtime.runPromise(Fiber.interrupt(watcher))
      await flush()
    }
  }
}
