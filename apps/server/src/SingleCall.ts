/**
 * The single-call path of the API: one query over GET or one mutation over POST, alone or as a batch of one (what
 * tRPC's `httpBatchLink` sends for a lone call: `?batch=1`, input `{"0": …}`, answer `[…]`), answered straight from
 * Node's request and response with tRPC's own procedure call, error shape and status code. tRPC's node adapter turns
 * every request into a Fetch `Request` (with two AbortSignals) and its answer into a `Response` stream; for a single
 * JSON call that is most of the per-call cost, and nothing of it is needed. Everything else (batches of several,
 * `trpc-accept`, a method that does not match the procedure, a missing procedure) goes to the adapter, so each
 * answer is the one tRPC would give: `SingleCall.test.ts` holds the two paths to the same answers.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { Failure } from "@patron/api"
import type { AnyRouter } from "@trpc/server"
import {
  type AnyProcedure,
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  TRPCError,
  type TRPCRequestInfo,
  transformTRPCResponse
} from "@trpc/server/unstable-core-do-not-import"

/** What the single-call path needs for one request. */
export interface Call<Context> {
  readonly router: AnyRouter
  /** The procedure's path (`customers.get`). */
  readonly path: string
  /** The `input` search parameter of a GET, or null. */
  readonly query: string | null
  /** The body of a POST, already read. */
  readonly body: string | undefined
  readonly createContext: (info: TRPCRequestInfo) => Promise<Context>
  /** Headers every API answer carries (e.g. CORS's `Vary: Origin`), beside tRPC's `Vary`. */
  readonly vary?: string
}

/**
 * The input as tRPC's JSON content handler reads it: a GET's `input` when given, a POST's body always; in a batch,
 * the entry `0` of an object.
 */
const parseInput = (
  method: string | undefined,
  query: string | null,
  body: string | undefined,
  batch: boolean
): unknown => {
  if (method === "GET" && (query === null || query === "")) return undefined
  let inputs: unknown
  try {
    inputs = JSON.parse(method === "GET" ? (query as string) : (body ?? ""))
  } catch (cause) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: cause instanceof Error ? cause.message : "Invalid input",
      cause
    })
  }
  if (!batch || inputs === undefined) return inputs
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' })
  }
  return Object.hasOwn(inputs, "0") ? (inputs as Record<string, unknown>)["0"] : undefined
}

const isJson = (req: IncomingMessage) =>
  req.headers["content-type"]?.toLowerCase().split(";", 1)[0]?.trim() === "application/json"

/** A request the single-call path answers: the procedure, and whether it came as a batch of one. */
export interface Route {
  readonly procedure: AnyProcedure
  readonly batch: boolean
}

/**
 * Where a request can take the single-call path to, or undefined when it is for tRPC's adapter: a batch of several
 * calls (or a `batch` parameter tRPC does not read as one), a streaming accept header, an unknown path, or a method the
 * procedure does not take.
 */
export const procedureFor = (
  router: AnyRouter,
  req: IncomingMessage,
  path: string,
  searchParams: URLSearchParams
): Route | undefined => {
  const batchParameter = searchParams.get("batch")
  if (batchParameter !== null && batchParameter !== "1") return undefined
  if (req.headers["trpc-accept"] !== undefined) return undefined
  if (!Object.hasOwn(router._def.procedures, path)) return undefined
  const procedure = router._def.procedures[path] as AnyProcedure
  const batch = batchParameter === "1"
  const type = procedure._def.type
  if (req.method === "GET" && type === "query") return { procedure, batch }
  if (req.method === "POST" && type === "mutation" && isJson(req)) return { procedure, batch }
  return undefined
}

/** The request info's signal: a single call is never aborted midway, and one signal made per call cost 1.4 % of a get. */
const neverAborted = new AbortController().signal

/** Answers one call through `procedure`. Never rejects for a failure of the call: it is answered as tRPC would. */
export const answer = async <Context>(
  { procedure, batch }: Route,
  call: Call<Context>,
  req: IncomingMessage,
  res: ServerResponse
) => {
  const config = call.router._def._config
  const type = procedure._def.type
  // Read when a procedure asks for it (one without an input never does), at most once, as tRPC does.
  let read: { readonly input: unknown } | undefined
  const getRawInput = async () => {
    read ??= { input: parseInput(req.method, call.query, call.body, batch) }
    return read.input
  }
  let ctx: Context | undefined
  let body: unknown
  try {
    const info: TRPCRequestInfo = {
      isBatchCall: batch,
      accept: null,
      calls: [{ batchIndex: 0, path: call.path, procedure, getRawInput, result: () => read?.input }],
      type,
      connectionParams: null,
      signal: neverAborted,
      url: null
    }
    ctx = await call.createContext(info)
    const data = await procedure({ path: call.path, getRawInput, ctx, type, signal: undefined, batchIndex: 0 })
    body = { result: { data } }
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause)
    const retryAfter = Failure.retryAfterOf(error)
    if (retryAfter !== undefined) res.setHeader("retry-after", String(retryAfter))
    body = { error: getErrorShape({ config, ctx, error, input: read?.input, path: call.path, type }) }
  }
  const response = (batch ? [body] : body) as Parameters<typeof getHTTPStatusCode>[0]
  res.statusCode = getHTTPStatusCode(response)
  res.setHeader("content-type", "application/json")
  res.setHeader("vary", call.vary === undefined ? "trpc-accept, accept" : `trpc-accept, accept, ${call.vary}`)
  res.end(JSON.stringify(transformTRPCResponse(config, response)))
}
