/**
 * How the drills talk to the server: the typed tRPC client with a deadline per request, raw HTTP for inputs the types
 * forbid, and one labelling of every outcome ("ok 200", "CONFLICT 409", "SERVICE_UNAVAILABLE 503", "network", …).
 */
import type { AppRouter } from "@patron/api"
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client"

/** How long a request may take before the drill counts it as unanswered. */
export const requestTimeoutMillis = 15_000

/** A typed client of a started server whose requests give up after `requestTimeoutMillis`. */
export const client = (base: string, token: string) =>
  createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/trpc`,
        headers: () => ({ authorization: `Bearer ${token}` }),
        fetch: (url, init) =>
          fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(requestTimeoutMillis) })
      })
    ]
  })

export type Client = ReturnType<typeof client>

/** What became of one request. */
export interface Outcome {
  /** The tRPC error code, "ok", "network" (no answer) or "timeout". */
  readonly code: string
  readonly status: number | undefined
  readonly label: string
  readonly message: string
}

const labelOf = (code: string, status: number | undefined) => (status === undefined ? code : `${code} ${status}`)

export const ok: Outcome = { code: "ok", status: 200, label: "ok 200", message: "" }

const isTimeout = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === "TimeoutError" || error.name === "AbortError" || isTimeout((error as { cause?: unknown }).cause))

/** The outcome of a failed typed call. */
export const outcomeOf = (error: unknown): Outcome => {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; httpStatus?: number } | undefined
    const response = (error.meta as { response?: { status?: number } } | undefined)?.response
    if (data?.code !== undefined) {
      const status = data.httpStatus ?? response?.status
      return { code: data.code, status, label: labelOf(data.code, status), message: error.message }
    }
    if (isTimeout(error)) return { code: "timeout", status: undefined, label: "timeout", message: error.message }
    if (response?.status !== undefined) {
      const code = "NON_TRPC"
      return { code, status: response.status, label: labelOf(code, response.status), message: error.message }
    }
    return { code: "network", status: undefined, label: "network", message: error.message }
  }
  if (isTimeout(error)) return { code: "timeout", status: undefined, label: "timeout", message: String(error) }
  return { code: "network", status: undefined, label: "network", message: String(error) }
}

/** Whether the server answered with a 5xx, or not at all. */
export const isServerSide = (outcome: Outcome) => outcome.status === undefined || outcome.status >= 500

/** The answer to a raw request: status, the tRPC error code if any, and the body. */
export interface RawAnswer {
  readonly outcome: Outcome
  readonly body: string
  readonly json: unknown
}

/**
 * Sends one procedure call as curl would: a query as `GET ?input=`, a mutation as `POST` with `body` taken verbatim
 * (already-serialised JSON, or anything else), with a token or none.
 */
export const raw = async (
  base: string,
  request: {
    readonly path: string
    readonly kind: "query" | "mutation"
    readonly body: string | Uint8Array | undefined
    readonly token?: string
  }
): Promise<RawAnswer> => {
  const headers: Record<string, string> = { "content-type": "application/json" }
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`
  const url =
    request.kind === "query" && typeof request.body === "string"
      ? `${base}/trpc/${request.path}?input=${encodeURIComponent(request.body)}`
      : `${base}/trpc/${request.path}`
  try {
    const response = await fetch(url, {
      method: request.kind === "query" ? "GET" : "POST",
      headers,
      ...(request.kind === "mutation" && request.body !== undefined ? { body: request.body } : {}),
      signal: AbortSignal.timeout(requestTimeoutMillis)
    })
    const body = await response.text()
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      json = undefined
    }
    const error = (json as { error?: { message?: string; data?: { code?: string } } } | undefined)?.error
    const code = response.ok ? "ok" : (error?.data?.code ?? "NON_TRPC")
    return {
      outcome: { code, status: response.status, label: labelOf(code, response.status), message: error?.message ?? "" },
      body,
      json
    }
  } catch (error) {
    return { outcome: outcomeOf(error), body: "", json: undefined }
  }
}

/** The `result.data` of a successful raw answer. */
export const dataOf = (answer: RawAnswer): unknown => (answer.json as { result?: { data?: unknown } })?.result?.data
