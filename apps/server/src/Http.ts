/**
 * The HTTP host: `/trpc/*` for the API, `/healthz` (the process is up), `/readyz` (the database answers),
 * `/openapi.json` and `/docs` (the API's description, ApiDocs.ts), `/export/customers.csv` (CustomerExport.ts),
 * `POST /import/customers` (CustomerImportRoute.ts; outside admission, its upload may last minutes), and one
 * structured log line per request (method, path, status, duration, tenant). No request ends the process: a
 * malformed target is 400, and a failure in any handler is logged and answered 500. API calls pass the batch cap,
 * the body limit and admission (at most so many requests in work at once, the rest waiting in order, Admission.ts)
 * before tRPC reads them, and authentication and the rate limit (every call of a batch counts) in tRPC's context,
 * before any of them runs.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http"
import { appRouter, type Context, Failure, type Principal, type Runner } from "@patron/api"
import { TRPCError } from "@trpc/server"
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http"
import type { TRPCRequestInfo } from "@trpc/server/unstable-core-do-not-import"
import * as Admission from "./Admission.ts"
import * as ApiDocs from "./ApiDocs.ts"
import * as Batch from "./Batch.ts"
import * as BodyLimit from "./BodyLimit.ts"
import * as Cors from "./Cors.ts"
import * as CustomerExport from "./CustomerExport.ts"
import * as CustomerImportRoute from "./CustomerImportRoute.ts"
import * as Limits from "./Limits.ts"
import * as RateLimit from "./RateLimit.ts"
import { json, trpcError } from "./Reply.ts"
import * as SecurityHeaders from "./SecurityHeaders.ts"
import * as SingleCall from "./SingleCall.ts"
import * as Target from "./Target.ts"

/** One line of the request log. */
export interface RequestLog {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly durationMs: number
  readonly tenant?: string
}

/** A request whose handler failed unexpectedly: what was asked and the error (never headers or bodies). */
export interface FailureLog {
  readonly method: string
  readonly path: string
  readonly error: { readonly name: string; readonly message: string; readonly stack?: string }
}

/** What the HTTP host needs from the rest of the process. */
export interface Options {
  readonly run: Runner
  /** The principal of an `Authorization` header, or null when there is no valid token. */
  readonly authenticate: (authorization: string | undefined) => Promise<Principal | null>
  /** Whether the database answers. */
  readonly isReady: () => Promise<boolean>
  readonly log: (line: RequestLog) => void
  /** Logs a handler's unexpected failure; a JSON line on stderr by default. */
  readonly logFailure?: (line: FailureLog) => void
  /** Whether a token may make `count` more calls now (all or none), or how long it must wait. */
  readonly rateLimit?: (tokenId: string, count: number) => RateLimit.Decision | Promise<RateLimit.Decision>
  /**
   * The largest body and batch (`PATRON_MAX_BODY_BYTES`, `PATRON_MAX_BATCH_CALLS`), the requests in work at once
   * (`PATRON_MAX_CONCURRENT_REQUESTS`), how long one may wait for its turn (`PATRON_REQUEST_TIMEOUT_MS`) and how
   * many may wait (as many as connections, `PATRON_MAX_CONNECTIONS`); the defaults when absent.
   */
  readonly limits?: Partial<
    Pick<
      Limits.Limits,
      | "maxBodyBytes"
      | "maxImportBytes"
      | "maxBatchCalls"
      | "maxConcurrentRequests"
      | "requestTimeoutMs"
      | "maxConnections"
    >
  >
  /** The browser origins allowed to call the API (`PATRON_CORS_ORIGINS`); none when absent. */
  readonly corsOrigins?: Cors.Origins
  /** Whether one query or mutation is answered without tRPC's Fetch adapter (SingleCall.ts); on when absent. */
  readonly singleCalls?: boolean
  /** Serves anything else (the built admin), or answers 404 when absent. */
  readonly fallback?: RequestListener
}

const logFailureAsJson = (line: FailureLog) =>
  console.error(JSON.stringify({ level: "error", msg: "unexpected failure in a request handler", ...line }))

const describe = (error: unknown): FailureLog["error"] =>
  error instanceof Error
    ? { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) }
    : { name: "NonError", message: String(error) }

/** The request listener of the HTTP host. */
export const handler = (options: Options): RequestListener => {
  const tenants = new WeakMap<IncomingMessage, string>()
  const limits = { ...Limits.defaults, ...options.limits }
  const admission = Admission.make({
    limit: limits.maxConcurrentRequests,
    maxWaiting: limits.maxConnections,
    maxWaitMs: limits.requestTimeoutMs
  })
  const logFailure = options.logFailure ?? logFailureAsJson
  return (req, res) => {
    const started = performance.now()
    const target = Target.parse(req.url)
    const path = target?.pathname ?? (req.url ?? "").slice(0, 200)
    res.on("finish", () => {
      const tenant = tenants.get(req)
      options.log({
        method: req.method ?? "?",
        path,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(tenant === undefined ? {} : { tenant })
      })
    })
    route(req, res, target).catch((error: unknown) => {
      try {
        logFailure({ method: req.method ?? "?", path, error: describe(error) })
        if (res.headersSent) return void res.destroy()
        if (path.startsWith("/trpc/")) return trpcError(res, "INTERNAL_SERVER_ERROR", "internal error", path)
        json(res, 500, { error: "internal error" })
      } catch {
        res.destroy()
      }
    })
  }

  async function route(req: IncomingMessage, res: ServerResponse, target: Target.Target | undefined) {
    SecurityHeaders.common(res)
    if (target === undefined) return json(res, 400, { error: "malformed request target" })
    if (target.pathname === "/healthz") return json(res, 200, { status: "ok" })
    if (target.pathname === "/readyz") {
      const ready = await Promise.resolve()
        .then(options.isReady)
        .catch(() => false)
      return json(res, ready ? 200 : 503, { status: ready ? "ready" : "database unavailable" })
    }
    if (target.pathname.startsWith("/trpc/")) {
      SecurityHeaders.api(res)
      if (Cors.apply(options.corsOrigins ?? [], req, res)) return
      return serveApi(req, res, target)
    }
    if (target.pathname === CustomerExport.path || target.pathname === CustomerImportRoute.path) {
      SecurityHeaders.api(res)
      if (Cors.apply(options.corsOrigins ?? [], req, res)) return
      // What the CSV routes' RouteGate and their use cases need from the host.
      const gate = {
        run: options.run,
        authenticate: options.authenticate,
        ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
        identified: (principal: Principal) => tenants.set(req, principal.tenantId)
      }
      return target.pathname === CustomerExport.path
        ? CustomerExport.serve(req, res, target.searchParams, gate)
        : CustomerImportRoute.serve(req, res, target.searchParams, { ...gate, maxBytes: limits.maxImportBytes })
    }
    if (ApiDocs.answer(req, res, target.pathname)) return
    if (options.fallback !== undefined) return options.fallback(req, res)
    json(res, 404, { error: "not found" })
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, target: Target.Target) {
    const path = target.pathname.slice("/trpc/".length)
    const procedures = Batch.procedures(path, target.searchParams)
    const tooManyCalls = Batch.tooLarge(procedures.length, limits.maxBatchCalls)
    if (tooManyCalls !== undefined) return trpcError(res, "BAD_REQUEST", tooManyCalls, path)
    const bodyLimit = BodyLimit.limitFor(procedures, limits.maxBodyBytes)
    const tooLarge = () => {
      BodyLimit.closeAfterAnswer(req.socket)
      res.setHeader("connection", "close")
      trpcError(res, "PAYLOAD_TOO_LARGE", BodyLimit.tooLargeMessage(bodyLimit), path)
    }
    if (BodyLimit.isDeclaredTooLarge(req, bodyLimit)) return tooLarge()
    const entry = await admission.enter((giveUp) => res.once("close", giveUp))
    if (entry._tag === "Refused") {
      if (entry.reason === "abandoned") return
      res.setHeader("retry-after", "1")
      return trpcError(res, "SERVICE_UNAVAILABLE", Admission.refusal(entry.reason), path)
    }
    if (res.closed) return entry.release()
    res.once("close", entry.release)
    if (req.method !== "GET" && req.method !== "HEAD") {
      const body = await BodyLimit.read(req, bodyLimit)
      if (body._tag === "TooLarge") return tooLarge()
      if (body._tag === "Aborted") return void res.destroy()
      // tRPC's node adapter takes a body read beforehand from `req.body`.
      Object.assign(req, { body: body.text })
    }
    const createContext = (info: TRPCRequestInfo) =>
      contextOf(req, res, info.calls.length).catch((error: unknown) => {
        if (error instanceof TRPCError) throw error
        // tRPC would answer it 500 without a word: log it as any handler's failure is.
        logFailure({ method: req.method ?? "?", path: target.pathname, error: describe(error) })
        throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error" })
      })
    const vary = res.getHeader("vary")
    const single =
      options.singleCalls === false ? undefined : SingleCall.procedureFor(appRouter, req, path, target.searchParams)
    if (single !== undefined) {
      return SingleCall.answer(
        single,
        {
          router: appRouter,
          path,
          query: target.searchParams.get("input"),
          body: (req as { body?: string }).body,
          createContext,
          ...(vary === undefined ? {} : { vary: String(vary) })
        },
        req,
        res
      )
    }
    await nodeHTTPRequestHandler({
      router: appRouter,
      req,
      res,
      path,
      maxBodySize: bodyLimit,
      maxBatchSize: limits.maxBatchCalls,
      // tRPC sets its own `Vary`; keep CORS's `Origin` in it. A refusal that says when to call again says it in
      // `Retry-After` (the longest wait of a batch's calls).
      responseMeta: ({ errors }) => {
        const waits = errors.flatMap((error) => Failure.retryAfterOf(error) ?? [])
        if (vary === undefined && waits.length === 0) return {}
        const headers = new Headers(vary === undefined ? [] : [["vary", String(vary)]])
        if (waits.length > 0) headers.set("retry-after", String(Math.max(...waits)))
        return { headers }
      },
      createContext: ({ info }) => createContext(info)
    })
  }

  /**
   * The context of a request's `calls` calls: its caller, established inside tRPC so that a refusal is answered,
   * like any other error, through the router's error formatter. A token that cannot be checked (the database is
   * unreachable) is SERVICE_UNAVAILABLE, retryable; a token over its rate limit is TOO_MANY_REQUESTS, every call of a
   * batch counting, all or none. Both say when to retry in `Retry-After`.
   */
  async function contextOf(req: IncomingMessage, res: ServerResponse, calls: number): Promise<Context> {
    const principal = await options.authenticate(req.headers.authorization).catch(() => undefined)
    if (principal === undefined) {
      res.setHeader("retry-after", "1")
      throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "the database is unavailable, try again shortly" })
    }
    if (principal === null) return { principal, run: options.run }
    tenants.set(req, principal.tenantId)
    const decision =
      options.rateLimit === undefined
        ? undefined
        : await Promise.resolve(options.rateLimit(principal.tokenId, calls)).catch((error: unknown) => {
            if (!(error instanceof RateLimit.Unavailable)) throw error
            res.setHeader("retry-after", "1")
            throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: error.message })
          })
    if (decision !== undefined && !decision.allowed) {
      res.setHeader("retry-after", String(decision.retryAfterSeconds))
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: RateLimit.refusal(calls, decision) })
    }
    return { principal, run: options.run }
  }
}
