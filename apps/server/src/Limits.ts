/**
 * The HTTP host's limits from environment variables, each validated with a message naming its variable: bodies,
 * batches, requests in work at once, connections and their timeouts, and who may frame the admin. README.md "Limits and security" lists them.
 */
import { Variables } from "@patron/config"
import { Config, Effect, Result } from "effect"

/** The validated limits. */
export interface Limits {
  /** Largest request body in bytes (`PATRON_MAX_BODY_BYTES`); larger ones are answered 413 unread. */
  readonly maxBodyBytes: number
  /**
   * Largest CSV import body in bytes (`PATRON_MAX_IMPORT_BYTES`, 100 MiB): a declared larger one is answered 413,
   * a streamed one that grows past it fails its import naming the rows that landed.
   */
  readonly maxImportBytes: number
  /** Most procedure calls in one tRPC batch (`PATRON_MAX_BATCH_CALLS`); more are answered 400. */
  readonly maxBatchCalls: number
  /**
   * API requests in work at once (`PATRON_MAX_CONCURRENT_REQUESTS`), 0 for no bound; more wait their turn, in order,
   * before their body is read, up to the request timeout.
   */
  readonly maxConcurrentRequests: number
  /** Time for a client to send a request's headers (`PATRON_HEADERS_TIMEOUT_MS`). */
  readonly headersTimeoutMs: number
  /** Time for a client to send a whole request (`PATRON_REQUEST_TIMEOUT_MS`), at least the headers timeout. */
  readonly requestTimeoutMs: number
  /** How long an idle keep-alive connection stays open (`PATRON_KEEP_ALIVE_TIMEOUT_MS`). */
  readonly keepAliveTimeoutMs: number
  /** Open connections at most (`PATRON_MAX_CONNECTIONS`); more are closed as they arrive. */
  readonly maxConnections: number
  /** The CSP `frame-ancestors` sources of the admin's pages (`PATRON_FRAME_ANCESTORS`), `'none'` by default. */
  readonly frameAncestors: string
}

export const defaults: Limits = {
  maxBodyBytes: 1_048_576,
  maxImportBytes: 104_857_600,
  maxBatchCalls: 50,
  maxConcurrentRequests: 0,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_024,
  frameAncestors: "'none'"
}

/**
 * `PATRON_MAX_CONCURRENT_REQUESTS` on the embedded database: its one connection runs one statement at a time, and the
 * worker in the server shares its JavaScript thread with every request in work (issue 12).
 */
export const embeddedConcurrentRequests = 2

const isSource = (source: string) => {
  if (source === "'self'" || source === "*") return true
  try {
    // An origin, optionally with a wildcard subdomain: https://shop.example.com, https://*.example.com.
    const url = new URL(source.replace("://*.", "://wildcard."))
    return url.origin === source.replace("://*.", "://wildcard.") && /^https?:$/.test(url.protocol)
  } catch {
    return false
  }
}

/** `PATRON_FRAME_ANCESTORS`: `'none'`, or space- or comma-separated origins and `'self'`. */
const frameAncestors = Variables.variable("PATRON_FRAME_ANCESTORS", defaults.frameAncestors, (text) => {
  const value = text.trim()
  if (value === "" || value === "'none'" || value === "none") return Result.succeed(defaults.frameAncestors)
  const sources = value.split(/[\s,]+/).map((source) => (source === "self" ? "'self'" : source.replace(/\/$/, "")))
  const invalid = sources.filter((source) => !isSource(source))
  if (invalid.length === 0) return Result.succeed(sources.join(" "))
  return Result.fail(
    `must be 'none', 'self' or origins such as https://shop.example.com, not ${invalid.map((s) => JSON.stringify(s)).join(", ")}`
  )
})

const number = (variable: string, fallback: number) => Variables.wholeNumber(variable, { fallback, minimum: 1 })

const headersTimeoutMs = number("PATRON_HEADERS_TIMEOUT_MS", defaults.headersTimeoutMs)

/** `PATRON_REQUEST_TIMEOUT_MS`, at least the headers timeout (its default when the headers timeout is itself bad). */
const requestTimeoutMs = Config.all({
  headers: Config.orElse(headersTimeoutMs, () => Config.succeed(defaults.headersTimeoutMs)),
  request: number("PATRON_REQUEST_TIMEOUT_MS", defaults.requestTimeoutMs)
}).pipe(
  Config.mapEffect(({ headers, request }) =>
    request >= headers
      ? Effect.succeed(request)
      : Effect.fail(
          Variables.invalid(
            "PATRON_REQUEST_TIMEOUT_MS",
            `must be at least PATRON_HEADERS_TIMEOUT_MS (${headers}), not ${request}`
          )
        )
  )
)

/**
 * Reads the limits from the ambient `ConfigProvider`, failing with a problem naming each bad variable; `embedded`
 * (no `DATABASE_URL`) bounds the requests in work by default.
 */
export const read = (embedded: boolean): Effect.Effect<Limits, Variables.ConfigInvalid> =>
  Variables.collect({
    headersTimeoutMs,
    requestTimeoutMs,
    maxBodyBytes: number("PATRON_MAX_BODY_BYTES", defaults.maxBodyBytes),
    maxImportBytes: number("PATRON_MAX_IMPORT_BYTES", defaults.maxImportBytes),
    maxBatchCalls: number("PATRON_MAX_BATCH_CALLS", defaults.maxBatchCalls),
    maxConcurrentRequests: Variables.wholeNumber("PATRON_MAX_CONCURRENT_REQUESTS", {
      fallback: embedded ? embeddedConcurrentRequests : defaults.maxConcurrentRequests,
      minimum: 0
    }),
    keepAliveTimeoutMs: number("PATRON_KEEP_ALIVE_TIMEOUT_MS", defaults.keepAliveTimeoutMs),
    maxConnections: number("PATRON_MAX_CONNECTIONS", defaults.maxConnections),
    frameAncestors
  })
