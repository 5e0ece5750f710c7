/**
 * The HTTP host: `/trpc/*` for the API, `/healthz` (the process is up), `/readyz` (the database answers), and one
 * structured log line per request (method, path, status, duration, tenant).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http"
import { appRouter, type Principal, type Runner } from "@patron/api"
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http"
import * as Cors from "./Cors.ts"

/** One line of the request log. */
export interface RequestLog {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly durationMs: number
  readonly tenant?: string
}

/** What the HTTP host needs from the rest of the process. */
export interface Options {
  readonly run: Runner
  /** The principal of an `Authorization` header, or null when there is no valid token. */
  readonly authenticate: (authorization: string | undefined) => Promise<Principal | null>
  /** Whether the database answers. */
  readonly isReady: () => Promise<boolean>
  readonly log: (line: RequestLog) => void
  /** Whether a token may make another request now, or how long it must wait. */
  readonly rateLimit?: (
    tokenId: string
  ) => { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }
  /** The browser origins allowed to call the API (`PATRON_CORS_ORIGINS`); none when absent. */
  readonly corsOrigins?: Cors.Origins
  /** Serves anything else (the built admin), or answers 404 when absent. */
  readonly fallback?: RequestListener
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

/** The request listener of the HTTP host. */
export const handler = (options: Options): RequestListener => {
  const tenants = new WeakMap<IncomingMessage, string>()
  return (req, res) => {
    const started = performance.now()
    const url = new URL(req.url ?? "/", "http://patron.invalid")
    res.on("finish", () => {
      const tenant = tenants.get(req)
      options.log({
        method: req.method ?? "?",
        path: url.pathname,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(tenant === undefined ? {} : { tenant })
      })
    })
    if (url.pathname === "/healthz") return json(res, 200, { status: "ok" })
    if (url.pathname === "/readyz") {
      void options.isReady().then(
        (ready) => json(res, ready ? 200 : 503, { status: ready ? "ready" : "database unavailable" }),
        () => json(res, 503, { status: "database unavailable" })
      )
      return
    }
    if (url.pathname.startsWith("/trpc/")) {
      if (Cors.apply(options.corsOrigins ?? [], req, res)) return
      void serveApi(req, res, url)
      return
    }
    if (options.fallback !== undefined) return options.fallback(req, res)
    json(res, 404, { error: "not found" })
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.slice("/trpc/".length)
    const principal = await options.authenticate(req.headers.authorization).catch(() => undefined)
    if (principal === undefined) {
      // The token could not be checked: the database is unreachable. Retryable, like any query during an outage.
      res.setHeader("retry-after", "1")
      return json(res, 503, {
        error: {
          message: "the database is unavailable, try again shortly",
          code: -32603,
          data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, path }
        }
      })
    }
    if (principal !== null) tenants.set(req, principal.tenantId)
    const decision =
      principal === null || options.rateLimit === undefined ? undefined : options.rateLimit(principal.tokenId)
    if (decision !== undefined && !decision.allowed) {
      res.setHeader("retry-after", String(decision.retryAfterSeconds))
      return json(res, 429, {
        error: {
          message: `too many requests for this API token: retry after ${decision.retryAfterSeconds} s`,
          code: -32029,
          data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, path }
        }
      })
    }
    await nodeHTTPRequestHandler({
      router: appRouter,
      req,
      res,
      path,
      createContext: async () => ({ principal, run: options.run })
    })
  }
}
