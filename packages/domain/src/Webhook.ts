/**
 * Webhook endpoints and deliveries (PRODUCT.md §6): what an endpoint subscribes to, the extra headers it sends, the
 * Standard Webhooks message a receiver verifies, and the log of delivery attempts. The URL rules are in `WebhookUrl`,
 * secrets in `WebhookSecret`, retry timing in `RetrySchedule`.
 */
import { DateTime, Result, Schema } from "effect"
import * as Bounded from "./Bounded.ts"
import * as DomainEvent from "./DomainEvent.ts"
import * as Ids from "./Ids.ts"
import * as InputRules from "./InputRules.ts"
import { type Message, MessageId } from "./ports/Outbox.ts"
import * as Validation from "./Validation.ts"
import * as WebhookUrl from "./WebhookUrl.ts"

export const WebhookEndpointId = Schema.String.check(Ids.isId("webhookEndpoint")).pipe(
  Schema.brand("WebhookEndpointId")
)
export type WebhookEndpointId = typeof WebhookEndpointId.Type

export const DeliveryId = Schema.String.check(Ids.isId("delivery")).pipe(Schema.brand("DeliveryId"))
export type DeliveryId = typeof DeliveryId.Type

/** Subscribes an endpoint to every event type, present and future. */
export const wildcard = "*"

export type Subscription = DomainEvent.EventType | typeof wildcard
const isEventType = Schema.is(DomainEvent.EventType)
const isSubscription = (value: string): value is Subscription => value === wildcard || isEventType(value)
const validTypes = `${DomainEvent.eventTypes.join(", ")}, or "*" for all`

/** One entry of an endpoint's `events`: a known event type or `*`; unknown types are refused, listing the valid ones. */
export const Subscription = Schema.String.check(
  Schema.makeFilter(
    (value: string) => isSubscription(value) || `unknown event type "${value}"; valid types are ${validTypes}`,
    undefined,
    true
  )
).pipe(Schema.refine(isSubscription))

const maxEvents = DomainEvent.eventTypes.length

/** What an endpoint subscribes to: known event types, each once (so at most all of them), or exactly `["*"]`. */
export const Events = Bounded.array(
  Subscription,
  Schema.isMaxLength(maxEvents, { message: `must list at most ${maxEvents} event types, each once` })
).check(
  Schema.isMinLength(1, { message: `must list at least one event type: ${validTypes}` }),
  Schema.isUnique({ message: "must list each event type once" }),
  Schema.makeFilter(
    (events: ReadonlyArray<Subscription>) =>
      !events.includes(wildcard) || events.length === 1 || `"*" already covers every type and must stand alone`
  )
)
export type Events = typeof Events.Type

const eventsProblem = (events: ReadonlyArray<Subscription>): string | undefined =>
  new Set(events).size !== events.length
    ? "must list each event type once"
    : events.includes(wildcard) && events.length > 1
      ? `"*" already covers every type and must stand alone`
      : undefined

/** The rules of an endpoint input beyond its Schema (see `InputRules`), over the event types that are known. */
export const inputRules: ReadonlyArray<InputRules.Rule> = [InputRules.onItems(["events"], Subscription, eventsProblem)]

/** A free description of at most 500 characters. */
export const Description = Schema.String.check(Schema.isMaxLength(500, { message: "must be at most 500 characters" }))

/** Headers Patron sets itself or that the HTTP client controls; `webhook-*` belongs to Standard Webhooks. */
export const reservedHeaderNames: ReadonlyArray<string> = [
  "host",
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-authorization",
  "proxy-connection"
]
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/
const headerValuePattern = /^[\t\x20-\x7e]{1,1000}$/
/** The most custom headers an endpoint can send. */
export const maxHeaders = 20

/** What a header value shows in place of its secret part when read back. */
export const hiddenMark = "••••"
// Authorization schemes a hidden value keeps in front of the mark: the scheme is public, what follows it is not.
const publicSchemes = new Set(["basic", "bearer", "digest", "token", "apikey", "api-key", "hmac", "negotiate", "hawk"])

/** A header value as reads show it: `••••`, after its scheme when it starts with a known one (`Bearer ••••`). */
export const hiddenValue = (value: string): string => {
  const space = value.indexOf(" ")
  const scheme = value.slice(0, Math.max(space, 0))
  const isScheme = publicSchemes.has(scheme.toLowerCase()) && value.slice(space + 1).trim() !== ""
  return isScheme ? `${scheme} ${hiddenMark}` : hiddenMark
}

/** Whether a value is a hidden one as reads show it (never a real value: those are ASCII). */
export const isHiddenValue = (value: string): boolean => hiddenValue(value) === value

/** Headers as reads show them: every value hidden, except one equal to `shown`'s (what the request itself sent). */
export const hiddenHeaders = (
  headers: Readonly<Record<string, string>>,
  shown: Readonly<Record<string, string>> = {}
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, shown[name] === value ? value : hiddenValue(value)])
  )

const headerProblem = (
  name: string,
  value: string,
  seen: ReadonlySet<string>,
  mayBeHidden: boolean
): string | undefined => {
  const lower = name.toLowerCase()
  if (!headerNamePattern.test(name)) return "is not a valid header name (1 to 100 letters, digits or !#$%&'*+.^_`|~-)"
  if (lower.startsWith("webhook-") || reservedHeaderNames.includes(lower))
    return "is set by Patron and cannot be changed"
  if (seen.has(lower)) return "repeats a header name (names are case-insensitive)"
  if (mayBeHidden && isHiddenValue(value)) return undefined
  if (!headerValuePattern.test(value)) return "must be 1 to 1000 printable ASCII characters"
  return undefined
}

const headerProblems = (mayBeHidden: boolean) => (headers: Readonly<Record<string, string>>) => {
  const seen = new Set<string>()
  return Object.entries(headers).flatMap(([name, value]) => {
    const problem = headerProblem(name, value, seen, mayBeHidden)
    seen.add(name.toLowerCase())
    return problem === undefined ? [] : [{ path: [name], issue: `header ${name} ${problem}` }]
  })
}

const headersSchema = (mayBeHidden: boolean) =>
  Bounded.record(
    Schema.String,
    Schema.String,
    Schema.isMaxProperties(maxHeaders, { message: `must hold at most ${maxHeaders} headers` })
  ).check(Schema.makeFilter(headerProblems(mayBeHidden)))

/** Extra headers sent with every delivery: at most 20, valid HTTP names, none that Patron sets itself. */
export const Headers = headersSchema(false)
export type Headers = typeof Headers.Type

/** Headers in an update: as `Headers`, and a value may be the hidden one a read showed, which keeps the stored value. */
export const HeadersPatch = headersSchema(true)

/** The endpoint record as stored and as the API returns it; its signing secrets are kept apart and never listed. */
export const WebhookEndpoint = Schema.Struct({
  id: WebhookEndpointId,
  url: WebhookUrl.Url,
  events: Events,
  description: Schema.optionalKey(Description),
  enabled: Schema.Boolean,
  headers: Schema.optionalKey(Headers),
  createdAt: Schema.DateTimeUtcFromString,
  updatedAt: Schema.DateTimeUtcFromString
})
export type WebhookEndpoint = typeof WebhookEndpoint.Type
export type WebhookEndpointJson = typeof WebhookEndpoint.Encoded

/** What a client sends to create an endpoint. */
export const CreateInput = Schema.Struct({
  url: WebhookUrl.Url,
  events: Events,
  description: Schema.optionalKey(Description),
  headers: Schema.optionalKey(Headers)
})
export type CreateInput = typeof CreateInput.Type

/**
 * A change to an endpoint: fields set, `null` clears the description or the headers. Headers are replaced whole; a
 * header sent with the hidden value a read showed (`Bearer ••••`) keeps its stored value (see `keepHiddenHeaders`).
 */
export const PatchInput = Schema.Struct({
  url: Schema.optionalKey(WebhookUrl.Url),
  events: Schema.optionalKey(Events),
  description: Schema.optionalKey(Schema.NullOr(Description)),
  enabled: Schema.optionalKey(Schema.Boolean),
  headers: Schema.optionalKey(Schema.NullOr(HeadersPatch))
})
export type PatchInput = typeof PatchInput.Type

/**
 * The patch with each hidden header value replaced by the stored value it hides (same name, case-insensitive); a
 * hidden value that hides no stored value of its name is refused at `patch.headers.<name>`.
 */
export const keepHiddenHeaders = (
  endpoint: { readonly headers?: Readonly<Record<string, string>> },
  patch: PatchInput
): Result.Result<PatchInput, Validation.InputInvalid> => {
  if (patch.headers === undefined || patch.headers === null) return Result.succeed(patch)
  const stored = new Map(Object.entries(endpoint.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))
  const issues: Array<Validation.Issue> = []
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(patch.headers)) {
    const kept = stored.get(name.toLowerCase())
    if (!isHiddenValue(value)) headers[name] = value
    else if (kept !== undefined && hiddenValue(kept) === value) headers[name] = kept
    else {
      const message = `header ${name} is sent hidden (${value}) but hides no stored value of ${name}: send the real value`
      issues.push({ path: ["patch", "headers", name], message })
    }
  }
  return issues.length > 0
    ? Result.fail(new Validation.InputInvalid({ issues }))
    : Result.succeed({ ...patch, headers })
}

/** Builds a new, enabled endpoint from a decoded create input. */
export const make = (
  input: CreateInput,
  context: { readonly id: WebhookEndpointId; readonly now: DateTime.Utc }
): WebhookEndpoint => ({ ...input, id: context.id, enabled: true, createdAt: context.now, updatedAt: context.now })

/** Applies a patch: sets fields, removes the description or the headers on `null`, and stamps `updatedAt`. */
export const applyPatch = (endpoint: WebhookEndpoint, patch: PatchInput, now: DateTime.Utc): WebhookEndpoint => {
  const next: Record<string, unknown> = { ...endpoint, updatedAt: now }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key]
    else next[key] = value
  }
  return next as WebhookEndpoint
}

/** The endpoint switched off, as when a receiver answers `410 Gone`. */
export const disable = (endpoint: WebhookEndpoint, now: DateTime.Utc): WebhookEndpoint => ({
  ...endpoint,
  enabled: false,
  updatedAt: now
})

/** Whether an event of this type is delivered to the endpoint: it is enabled and subscribes to the type or to `*`. */
export const matches = (endpoint: WebhookEndpoint, eventType: DomainEvent.EventType): boolean =>
  endpoint.enabled && (endpoint.events.includes(wildcard) || endpoint.events.includes(eventType))

/** The event type of the message `webhooks.test` sends; it reaches the endpoint whatever it subscribes to. */
export const testEventType = "webhook.test"

/** The most test events one endpoint is sent in `testWindowSeconds`, across every server process. */
export const testsPerWindow = 10
export const testWindowSeconds = 60

/**
 * Whether one more test event may go to the endpoint now, given when its tests of the last `testWindowSeconds` were
 * made (oldest first); when not, fails with the seconds until the oldest of the last `testsPerWindow` ages out.
 */
export const checkTestLimit = (
  endpointId: WebhookEndpointId,
  recentTests: ReadonlyArray<DateTime.Utc>,
  now: DateTime.Utc
): Result.Result<void, WebhookTestLimitReached> => {
  const freedBy = recentTests[recentTests.length - testsPerWindow]
  if (freedBy === undefined) return Result.void
  const waitMillis = DateTime.toEpochMillis(freedBy) + testWindowSeconds * 1000 - DateTime.toEpochMillis(now)
  const retryAfterSeconds = Math.min(testWindowSeconds, Math.max(1, Math.ceil(waitMillis / 1000)))
  return Result.fail(new WebhookTestLimitReached({ endpointId, retryAfterSeconds }))
}

/** The type of the event a delivery carries: a domain event type or the test event. */
export const DeliveryEventType = Schema.Literals([...DomainEvent.eventTypes, testEventType])
export type DeliveryEventType = typeof DeliveryEventType.Type

export const DeliveryStatus = Schema.Literals(["pending", "succeeded", "failed"])
export type DeliveryStatus = typeof DeliveryStatus.Type

/** How much of a response body an attempt keeps: its first kilobyte. */
export const responseSnippetMaxLength = 1024

/** One try at delivering: when, the HTTP status if a response came, how long it took, and what went wrong. */
export const Attempt = Schema.Struct({
  at: Schema.DateTimeUtcFromString,
  status: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 100, maximum: 599 }))),
  durationMs: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  responseSnippet: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(responseSnippetMaxLength))),
  error: Schema.optionalKey(Schema.String)
})
export type Attempt = typeof Attempt.Type

/** One message on its way to one endpoint, with every attempt made so far (API.md `Delivery`). */
export const Delivery = Schema.Struct({
  id: DeliveryId,
  endpointId: WebhookEndpointId,
  eventId: MessageId,
  eventType: DeliveryEventType,
  status: DeliveryStatus,
  attempts: Schema.Array(Attempt),
  nextAttemptAt: Schema.optionalKey(Schema.DateTimeUtcFromString),
  createdAt: Schema.DateTimeUtcFromString
})
export type Delivery = typeof Delivery.Type
export type DeliveryJson = typeof Delivery.Encoded

/** Whether an HTTP status means the receiver accepted the message (any 2xx). */
export const isAccepted = (status: number): boolean => status >= 200 && status <= 299

/** Whether an HTTP status tells Patron to stop delivering to the endpoint (`410 Gone`). */
export const isGone = (status: number): boolean => status === 410

/**
 * Records an attempt: succeeded on a 2xx; otherwise pending until `nextAttemptAt` (from `RetrySchedule.nextAttemptAt`),
 * or failed when there is none.
 */
export const recordAttempt = (
  delivery: Delivery,
  attempt: Attempt,
  nextAttemptAt: DateTime.Utc | undefined
): Delivery => {
  const { nextAttemptAt: _previous, ...rest } = delivery
  const attempts = [...delivery.attempts, attempt]
  if (attempt.status !== undefined && isAccepted(attempt.status)) return { ...rest, attempts, status: "succeeded" }
  return nextAttemptAt === undefined
    ? { ...rest, attempts, status: "failed" }
    : { ...rest, attempts, status: "pending", nextAttemptAt }
}

/** The Standard Webhooks headers Patron sets on every delivery. */
export const headerNames = {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature"
} as const

/** The JSON body of a delivery: the event type, when it happened, and the resource as the API returns it. */
export const payload = (
  message: Message
): { readonly type: DomainEvent.EventType; readonly timestamp: string; readonly data: unknown } => {
  const { type, data } = DomainEvent.toJson(message.event)
  return { type, timestamp: DateTime.formatIso(message.occurredAt), data }
}

/** The text each signature is an HMAC-SHA256 of: `{id}.{timestamp}.{body}` (Standard Webhooks). */
export const signedContent = (messageId: string, timestampSeconds: number, body: string): string =>
  `${messageId}.${timestampSeconds}.${body}`

/** The `webhook-signature` header: one `v1,<base64>` per live secret, space-separated. */
export const signatureHeader = (signaturesBase64: ReadonlyArray<string>): string =>
  signaturesBase64.map((signature) => `v1,${signature}`).join(" ")

/** No endpoint of this tenant has this id. */
export class WebhookEndpointNotFound extends Schema.TaggedError<WebhookEndpointNotFound>()("WebhookEndpointNotFound", {
  id: Schema.String
}) {
  override get message() {
    return `webhook endpoint ${this.id} not found`
  }
}

/** No delivery of this tenant has this id. */
export class DeliveryNotFound extends Schema.TaggedError<DeliveryNotFound>()("DeliveryNotFound", {
  id: Schema.String
}) {
  override get message() {
    return `delivery ${this.id} not found`
  }
}

/** The endpoint was sent `testsPerWindow` test events in the last `testWindowSeconds`. */
export class WebhookTestLimitReached extends Schema.TaggedError<WebhookTestLimitReached>()("WebhookTestLimitReached", {
  endpointId: Schema.String,
  retryAfterSeconds: Schema.Number
}) {
  override get message() {
    return `webhook endpoint ${this.endpointId} was sent ${testsPerWindow} test events in the last ${testWindowSeconds} seconds, the most allowed: try again in ${this.retryAfterSeconds} seconds`
  }
}
