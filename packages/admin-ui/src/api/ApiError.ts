/**
 * API failures as people read them: the server's message (domain errors carry a human one), input problems by field,
 * and a plain sentence when the API cannot be reached at all.
 */
import { TRPCClientError } from "@trpc/client"

/** One input problem the API reported, at the path of its field. */
export interface Issue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

interface ErrorData {
  readonly code?: string
  readonly httpStatus?: number
  readonly issues?: ReadonlyArray<Issue>
}

const dataOf = (error: unknown): ErrorData =>
  error instanceof TRPCClientError ? ((error.data ?? {}) as ErrorData) : {}

/** The tRPC error code of a failure (`NOT_FOUND`, `FORBIDDEN`, …), when the API answered. */
export const codeOf = (error: unknown): string | undefined => dataOf(error).code

/** The input problems the API reported with a BAD_REQUEST. */
export const issuesOf = (error: unknown): ReadonlyArray<Issue> => dataOf(error).issues ?? []

const isNetworkFailure = (error: unknown) =>
  error instanceof TRPCClientError && error.data === undefined && error.cause instanceof TypeError

/** A sentence describing the failure, never empty and never a stack trace. */
export const describe = (error: unknown): string => {
  if (isNetworkFailure(error)) return "The Patron API cannot be reached. Check that the server is running."
  const code = codeOf(error)
  const message = error instanceof Error && error.message !== "" ? error.message : "Something went wrong."
  switch (code) {
    case "UNAUTHORIZED":
      return `Not signed in: ${message}.`
    case "FORBIDDEN":
      return `Your API token is not allowed to do this (${message}).`
    case "NOT_FOUND":
      return `Not found: ${message}.`
    case "CONFLICT":
      return `Conflict: ${message}.`
    case "TOO_MANY_REQUESTS":
      return "Too many requests: wait a moment and try again."
    case "BAD_REQUEST": {
      const issues = issuesOf(error)
      return issues.length === 0
        ? message
        : `The input is invalid: ${issues.map((i) => (i.path.length ? `${i.path.join(".")} ${i.message}` : i.message)).join("; ")}.`
    }
    default:
      return message
  }
}
