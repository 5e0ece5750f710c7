/**
 * The one mapping from domain failures to tRPC errors (API.md "Error codes"). Domain errors carry their own human
 * message; anything else (a defect, the database being unreachable) becomes a generic message, its cause logged and
 * never sent.
 */
import { Validation } from "@patron/domain"
import { TRPCError } from "@trpc/server"
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc"
import { Cause, Option } from "effect"

const codes: Readonly<Record<string, TRPC_ERROR_CODE_KEY>> = {
  InputInvalid: "BAD_REQUEST",
  CursorInvalid: "BAD_REQUEST",
  WebhookUrlRefused: "BAD_REQUEST",
  Unauthenticated: "UNAUTHORIZED",
  PermissionDenied: "FORBIDDEN",
  GrantExceedsOwn: "FORBIDDEN",
  RoleOutOfReach: "FORBIDDEN",
  AdminRoleReserved: "FORBIDDEN",
  CustomerNotFound: "NOT_FOUND",
  OrderNotFound: "NOT_FOUND",
  SubscriptionContractNotFound: "NOT_FOUND",
  RoleNotFound: "NOT_FOUND",
  ApiTokenNotFound: "NOT_FOUND",
  WebhookEndpointNotFound: "NOT_FOUND",
  DeliveryNotFound: "NOT_FOUND",
  VersionConflict: "CONFLICT",
  IdentifierTaken: "CONFLICT",
  ExternalReferenceTaken: "CONFLICT",
  IdempotencyKeyReused: "CONFLICT",
  RoleNameTaken: "CONFLICT",
  RoleInUse: "CONFLICT",
  ContractTransitionInvalid: "PRECONDITION_FAILED",
  UsageNotAccepted: "PRECONDITION_FAILED",
  RoleImmutable: "PRECONDITION_FAILED",
  WebhookTestLimitReached: "TOO_MANY_REQUESTS"
}

/** The field a failure concerns, for failures that are about one input field. */
const fieldOf: Readonly<Record<string, string>> = { CursorInvalid: "cursor", WebhookUrlRefused: "url" }

/** The input problems a tRPC error carries (its cause), reported as `data.issues`. */
export class IssuesCause extends Error {
  constructor(readonly issues: ReadonlyArray<Validation.Issue>) {
    super("invalid input")
  }
}

/** A domain failure as the tRPC error a client sees. */
export const fromDomain = (failure: { readonly _tag: string; readonly message: string }): TRPCError => {
  const code = codes[failure._tag]
  if (code === undefined) return internal(failure)
  const issues =
    failure instanceof Validation.InputInvalid
      ? failure.issues
      : fieldOf[failure._tag] !== undefined
        ? [{ path: [fieldOf[failure._tag] as string], message: failure.message }]
        : undefined
  return new TRPCError({
    code,
    message: failure.message,
    ...(issues === undefined ? {} : { cause: new IssuesCause(issues) })
  })
}

/** An unexpected failure: logged with its cause, answered without it. */
const internal = (cause: unknown): TRPCError => {
  const isUnavailable =
    typeof cause === "object" && cause !== null && (cause as { _tag?: unknown })._tag === "DatabaseUnavailable"
  console.error("patron: unexpected failure", cause)
  return new TRPCError({
    code: isUnavailable ? "SERVICE_UNAVAILABLE" : "INTERNAL_SERVER_ERROR",
    message: isUnavailable ? "the database is unavailable, try again shortly" : "something went wrong on our side"
  })
}

/** The tRPC error of a failed effect's cause. */
export const fromCause = (cause: Cause.Cause<unknown>): TRPCError => {
  const failure = Cause.findErrorOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value as { readonly _tag?: unknown; readonly message?: unknown }
    if (typeof error._tag === "string" && typeof error.message === "string") {
      return fromDomain(error as { _tag: string; message: string })
    }
    return internal(failure.value)
  }
  return internal(Cause.squash(cause))
}
