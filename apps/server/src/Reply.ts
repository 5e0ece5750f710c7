/**
 * Answers the host writes itself: JSON bodies, and refusals of API calls made before tRPC reads them (a batch over
 * the cap, a body over the limit, a server too busy to take it, a handler's unexpected failure). A refusal is shaped by the router's own error
 * formatter, as every error of the API is, so tRPC clients read it as they read the router's errors.
 */
import type { ServerResponse } from "node:http"
import { appRouter } from "@patron/api"
import { TRPCError } from "@trpc/server"
import { getErrorShape, getHTTPStatusCodeFromError } from "@trpc/server/unstable-core-do-not-import"

/** The tRPC error codes the host answers itself. */
export type Code = "BAD_REQUEST" | "PAYLOAD_TOO_LARGE" | "INTERNAL_SERVER_ERROR" | "SERVICE_UNAVAILABLE"

/** Answers `body` as JSON. */
export const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

/** Refuses an API call (or a whole batch) at `path` with a tRPC error. */
export const trpcError = (res: ServerResponse, code: Code, message: string, path: string) =>
  refuse(res, new TRPCError({ code, message }), path)

/**
 * Refuses a request at `path` (a route of the host's own, like the CSV export) with `error`, shaped as the router
 * shapes its errors: input problems carried as `Failure.IssuesCause` become `data.issues`.
 */
export const refuse = (res: ServerResponse, error: TRPCError, path: string) => {
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path,
    input: undefined,
    ctx: undefined
  })
  json(res, getHTTPStatusCodeFromError(error), { error: shape })
}
