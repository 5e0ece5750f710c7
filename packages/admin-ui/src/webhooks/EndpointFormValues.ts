/**
 * The webhook endpoint form's values and how they become the API's create input or update patch, checked with the
 * domain's `Webhook.CreateInput` rules.
 */
import { Webhook } from "@patron/domain"
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

/** Every broken rule of the values, by field. */
export const validateValues = (values: EndpointFormValues): FieldErrors =>
  merge(
    toRowErrors("headers", values.headers, validate(Webhook.CreateInput, toCreateInput(values)), isHeaderNameProblem),
    rowProblems("headers", values.headers)
  )

/** The patch turning the stored endpoint into the values; headers are replaced whole, empty clears them. */
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
