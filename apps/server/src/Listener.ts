/**
 * The node:http server of the process, with its connection limits set deliberately: a client has
 * `PATRON_HEADERS_TIMEOUT_MS` to send a request's headers and `PATRON_REQUEST_TIMEOUT_MS` for the whole request,
 * an idle keep-alive connection closes after `PATRON_KEEP_ALIVE_TIMEOUT_MS`, and past `PATRON_MAX_CONNECTIONS` open
 * connections a new one is closed as it arrives. Slow or idle sockets cannot pile up until file descriptors run out.
 */
import { createServer, type RequestListener, type Server } from "node:http"
import type { Limits } from "./Limits.ts"

type ConnectionLimits = Pick<Limits, "headersTimeoutMs" | "requestTimeoutMs" | "keepAliveTimeoutMs" | "maxConnections">

/** A server for `listener` that enforces `limits` (not yet listening). */
export const create = (listener: RequestListener, limits: ConnectionLimits): Server => {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default, which let a slow socket live for
      // the timeout plus up to 30 s); a tenth of the headers timeout keeps the overshoot small.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 10)))
    },
    listener
  )
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  server.maxConnections = limits.maxConnections
  return server
}
