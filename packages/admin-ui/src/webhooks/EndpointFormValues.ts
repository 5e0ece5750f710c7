/**
 * The webhook endpoint form's values and how they become the API's create input or update patch, checked with the
 * domain's `Webhook.CreateInput` rules. An edited endpoint's header values arrive hidden (`Bearer ••••`); a row left
 * hidden is sent back as it is, which keeps the stored value (`Webhook.keepHiddenHeaders`).
 */
import { Webhook } from "@patron/domain"
import { Result } from "effect"
import type { WebhookCreate, WebhookEndpoint } from "../api/Api.ts"
import { type FieldErrors, merge, validate } from "../form/FieldErrors.ts"
import { type KeyValueRow, mapOf, rowProblems, rowsOf, toRowErrors } from "../form/KeyValueRows.ts"

export const allEvents = Webhook.wildcard

export interface EndpointFormValues {
  readonly url: string
  readonly description: string
  /** Chosen event types, or `["*"]` for every type. */
  readonly events: ReadonlyArray<string>
  readonly headers: ReadonlyArray<KeyValueRow>
}

export const blank = (): EndpointFormValues => ({ url: "", description: "", events: [], headers: [] })

export const fromEndpoint = (endpoint: WebhookEndpoint): EndpointFormValues => ({
  url: endpoint.url,
  description: endpoint.description ?? "",
  events: endpoint.events,
  headers: rowsOf(endpoint.headers)
})

/** What the form would create. */
export const toCreateInput = (values: EndpointFormValues): WebhookCreate => {
  const headers = mapOf(values.headers)
  return {
    url: values.url,
    events: values.events as WebhookCreate["events"],
    ...(values.description.trim() === "" ? {} : { description: values.description }),
    ...(Object.keys(headers).length === 0 ? {} : { headers })
  }
}

const isHeaderNameProblem = (message: string) => / name|set by Patron|repeats/.test(message)

/** Whether any header of the values shows a hidden value, as read from the API. */
export const hasHiddenHeaders = (values: EndpointFormValues): boolean =>
  values.headers.some((row) => Webhook.isHiddenValue(row.value))

/** Hidden values that keep no stored value (moved to another header, or edited), keyed `headers.<name>`. */
const hiddenProblems = (endpoint: WebhookEndpoint | undefined, headers: Record<string, string>): FieldErrors => {
  const kept = Webhook.keepHiddenHeaders(endpoint ?? {}, { headers })
  if (Result.isSuccess(kept)) return {}
  const errors: Record<string, Array<string>> = {}
  for (const issue of kept.failure.issues) {
    const path = `headers.${String(issue.path[2])}`
    errors[path] = [...(errors[path] ?? []), issue.message]
  }
  return errors
}

/** Every broken rule of the values, by field; `endpoint` is the endpoint being edited, whose hidden values may stay. */
export const validateValues = (values: EndpointFormValues, endpoint?: WebhookEndpoint): FieldErrors => {
  const input = toCreateInput(values)
  const headers = input.headers ?? {}
  // A hidden value the API will keep stands for a valid stored one; the others are reported by hiddenProblems.
  const standIns = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Webhook.isHiddenValue(value) ? "kept" : value])
  )
  const checked = { ...input, ...(input.headers === undefined ? {} : { headers: standIns }) }
  return merge(
    toRowErrors(
      "headers",
      values.headers,
      merge(validate(Webhook.CreateInput, checked), hiddenProblems(endpoint, headers)),
      isHeaderNameProblem
    ),
    rowProblems("headers", values.headers)
  )
}

/**
 * The patch turning the stored endpoint into the values; headers are replaced whole (hidden values sent back as read,
 * so the API keeps them), empty clears them.
 */
export const toPatch = (endpoint: WebhookEndpoint, values: EndpointFormValues) => {
  const input = toCreateInput(values)
  return {
    ...(input.url.trim() === endpoint.url ? {} : { url: input.url }),
    ...(JSON.stringify(input.events) === JSON.stringify(endpoint.events) ? {} : { events: input.events }),
    ...((input.description ?? "") === (endpoint.description ?? "") ? {} : { description: input.description ?? null }),
    ...(JSON.stringify(input.headers ?? {}) === JSON.stringify(endpoint.headers ?? {})
      ? {}
      : { headers: input.headers ?? null })
  }
}

/** Problems the API reported, moved to the form's fields. */
export const fromApiIssues = (values: EndpointFormValues, errors: FieldErrors): FieldErrors => {
  const renamed: Record<string, ReadonlyArray<string>> = {}
  for (const [path, messages] of Object.entries(errors)) renamed[path.replace(/^patch\./, "")] = messages
  return toRowErrors("headers", values.headers, renamed, isHeaderNameProblem)
}
