/**
 * Bearer tokens to principals, and `lastUsedAt` kept without a write per request: uses are collected and written in
 * one statement every few seconds (and on shutdown).
 */
import type { Principal } from "@patron/api"
import { Access, ApiTokenRepository, type Secrets, type Transactions, type Use } from "@patron/domain"
import { Cause, DateTime, Effect, Exit, type ManagedRuntime } from "effect"

type Needs = ApiTokenRepository | Secrets | Transactions

/** A token could not be checked because the database did not answer. */
export class AuthenticationUnavailable extends Error {
  constructor() {
    super("the database is unavailable, try again shortly")
  }
}

/** The authenticator of a process. */
export const make = <E>(runtime: ManagedRuntime.ManagedRuntime<Needs, E>) => {
  const pending = new Map<string, Use>()
  const flush = async () => {
    if (pending.size === 0) return
    const uses = [...pending.values()]
    pending.clear()
    await runtime.runPromiseExit(Effect.flatMap(Effect.service(ApiTokenRepository), (tokens) => tokens.touch(uses)))
  }
  const timer = setInterval(() => void flush(), 5_000)
  timer.unref()

  /**
   * The principal of an `Authorization: Bearer pat_…` header; null without a valid token. When the token cannot be
   * checked (the database is unreachable) it rejects with `AuthenticationUnavailable`: a client must hear "try again",
   * not that its token is bad.
   */
  const authenticate = async (authorization: string | undefined): Promise<Principal | null> => {
    const secret = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
    const exit = await runtime.runPromiseExit(Access.authenticate(secret))
    if (Exit.isFailure(exit)) {
      if (Cause.hasFails(exit.cause)) return null
      throw new AuthenticationUnavailable()
    }
    const { tenantId, token, role } = exit.value
    pending.set(token.id, { tenantId, id: token.id, at: DateTime.nowUnsafe() })
    // The built-in flag, not the role's name, makes the admin: the grantor the access use cases trust most.
    return {
      tenantId,
      tokenId: token.id,
      roleId: role.id,
      roleName: role.name,
      isAdmin: role.isBuiltIn,
      permissions: role.permissions
    }
  }

  return {
    authenticate,
    stop: async () => {
      clearInterval(timer)
      await flush()
    }
  }
}
