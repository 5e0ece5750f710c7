/**
 * Answers the host writes itself: JSON bodies, and refusals of API calls in tRPC's error shape (`error.data.code`,
 * `error.data.httpStatus`, the JSON-RPC `error.code`) so tRPC clients read them as they read the router's errors.
 */
import type { ServerResponse } from "node:http"
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc"

/** The tRPC error codes the host answers itself. */
export type Code =
  | "BAD_REQUEST"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR"

const statuses: Readonly<Record<Code, number>> = {
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500
}

/** Answers `body` as JSON. */
export const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

/** Refuses an API call (or a whole batch) at `path` with a tRPC error. */
export const trpcError = (res: ServerResponse, code: Code, message: string, path: string) =>
  json(res, statuses[code], {
    error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: statuses[code], path } }
  })
