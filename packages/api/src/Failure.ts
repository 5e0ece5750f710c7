/**
 * The one mapping from domain failures to tRPC errors (API.md "Error codes"). Domain errors carry their own human
 * message; anything else (a defect, the database being unreachable) becomes a generic message, its cause logged and
 * never sent. The map names every `DomainError.Tag` and nothing else, checked at compile time, so a new domain error
 * cannot silently answer INTERNAL_SERVER_ERROR.
 */
import { type DomainError, Validation } from "@patron/domain"
import { TRPCError } from "@trpc/server"
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc"
import { Cause, Option } from "effect"

/**
 * What a use case run for a procedure may fail with. Infrastructure failures (`DatabaseUnavailable`, `SqlError`) are
 * defects by then: the adapters die with them.
 */
export type Expected = DomainError.DomainError

/** The tRPC code of each domain failure, by tag. */
export const codes = {
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
  ImportNotFound: "NOT_FOUND",
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
} as const satisfies Readonly<Record<DomainError.Tag, TRPC_ERROR_CODE_KEY>>

/** Whether a failure is a domain error (one the map names), so its message may go to the client. */
const isExpected = (failure: unknown): failure is Expected =>
  typeof failure === "object" &&
  failure !== null &&
  typeof (failure as { readonly _tag?: unknown })._tag === "string" &&
  Object.hasOwn(codes, (failure as { readonly _tag: string })._tag)

/** The field a failure concerns, for failures that are about one input field. */
const fieldOf: Readonly<Partial<Record<DomainError.Tag, string>>> = {
  CursorInvalid: "cursor",
  WebhookUrlRefused: "url"
}

/** The input problems a tRPC error carries (its cause), reported as `data.issues`. */
export class IssuesCause extends Error {
  constructor(readonly issues: ReadonlyArray<Validation.Issue>) {
    super("invalid input")
  }
}

/** How long to wait before calling again, carried by a TOO_MANY_REQUESTS error whose failure says (HTTP `Retry-After`). */
export class RetryAfterCause extends Error {
  constructor(readonly seconds: number) {
    super(`try again in ${seconds} seconds`)
  }
}

/** The seconds a tRPC error asks its caller to wait, when it says. */
export const retryAfterOf = (error: TRPCError): number | undefined =>
  error.cause instanceof RetryAfterCause ? error.cause.seconds : undefined

/** A domain failure as the tRPC error a client sees. */
export const fromDomain = (failure: Expected): TRPCError => {
  const code: TRPC_ERROR_CODE_KEY = codes[failure._tag]
  const issues =
    failure instanceof Validation.InputInvalid
      ? failure.issues
      : fieldOf[failure._tag] !== undefined
        ? [{ path: [fieldOf[failure._tag] as string], message: failure.message }]
        : undefined
  const cause =
    issues !== undefined
      ? new IssuesCause(issues)
      : "retryAfterSeconds" in failure
        ? new RetryAfterCause(Math.max(1, Math.ceil(failure.retryAfterSeconds)))
        : undefined
  return new TRPCError({ code, message: failure.message, ...(cause === undefined ? {} : { cause }) })
}

/** Whether a failed effect's cause is unexpected (no domain error): the server logs those, with the cause. */
export const isUnexpected = (cause: Cause.Cause<unknown>): boolean => {
  const failure = Cause.findErrorOption(cause)
  return Option.isNone(failure) || !isExpected(failure.value)
}

/** An unexpected failure, answered without its cause (which the server's runner logs, see `isUnexpected`). */
const internal = (cause: unknown): TRPCError => {
  const isUnavailable =
    typeof cause === "object" && cause !== null && (cause as { _tag?: unknown })._tag === "DatabaseUnavailable"
  return new TRPCError({
    code: isUnavailable ? "SERVICE_UNAVAILABLE" : "INTERNAL_SERVER_ERROR",
    message: isUnavailable ? "the database is unavailable, try again shortly" : "something went wrong on our side"
  })
}

/** The tRPC error of a failed effect's cause. */
export const fromCause = (cause: Cause.Cause<unknown>): TRPCError => {
  const failure = Cause.findErrorOption(cause)
  if (Option.isSome(failure)) return isExpected(failure.value) ? fromDomain(failure.value) : internal(failure.value)
  return internal(Cause.squash(cause))
}
