/**
 * The checks of an HTTP route served beside tRPC (the customer CSV export and import), in the order and shape the
 * router's calls get them: a bearer token (503 with `Retry-After` when the database cannot say, 401 without a valid
 * one), the token's rate limit (503 when the shared budget cannot be reached, 429 with `Retry-After`), then each
 * permission the route needs (403 naming the first missing). Refusals are the router's error shape (Reply.refuse).
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { Principal } from "@patron/api"
import { Permission } from "@patron/domain"
import { TRPCError } from "@trpc/server"
import * as RateLimit from "./RateLimit.ts"
import { refuse } from "./Reply.ts"

/** What the checks need from the host. */
export interface Options {
  readonly authenticate: (authorization: string | undefined) => Promise<Principal | null>
  readonly rateLimit?: (tokenId: string, count: number) => RateLimit.Decision | Promise<RateLimit.Decision>
  /** Told the caller once it is known (the request log names its tenant). */
  readonly identified?: (principal: Principal) => void
}

/** A tRPC error of `code`, with its `cause` (an `IssuesCause` carries the problems by field). */
export const refusal = (code: TRPCError["code"], message: string, cause?: Error) =>
  new TRPCError({ code, message, ...(cause === undefined ? {} : { cause }) })

/** The caller, when every check passes; undefined when a refusal has been answered (at `path`). */
export const admit = async (
  req: IncomingMessage,
  res: ServerResponse,
  options: Options,
  permissions: ReadonlyArray<Permission.Permission>,
  path: string
): Promise<Principal | undefined> => {
  const principal = await options.authenticate(req.headers.authorization).catch(() => undefined)
  if (principal === undefined) {
    res.setHeader("retry-after", "1")
    return void refuse(res, refusal("SERVICE_UNAVAILABLE", "the database is unavailable, try again shortly"), path)
  }
  if (principal === null) return void refuse(res, refusal("UNAUTHORIZED", "a valid API token is required"), path)
  options.identified?.(principal)
  const decision = await Promise.resolve(options.rateLimit?.(principal.tokenId, 1)).catch((error: unknown) => {
    if (error instanceof RateLimit.Unavailable) return error
    throw error
  })
  if (decision instanceof RateLimit.Unavailable) {
    res.setHeader("retry-after", "1")
    return void refuse(res, refusal("SERVICE_UNAVAILABLE", decision.message), path)
  }
  if (decision !== undefined && !decision.allowed) {
    res.setHeader("retry-after", String(decision.retryAfterSeconds))
    return void refuse(res, refusal("TOO_MANY_REQUESTS", RateLimit.refusal(1, decision)), path)
  }
  const missing = permissions.find((permission) => !Permission.isGranted(principal.permissions, permission))
  if (missing !== undefined) {
    return void refuse(
      res,
      refusal("FORBIDDEN", new Permission.PermissionDenied({ permission: missing }).message),
      path
    )
  }
  return principal
}
