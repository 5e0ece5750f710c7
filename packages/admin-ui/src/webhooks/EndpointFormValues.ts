/**
 * The webhook endpoint form's values and how they become the API's create input or update patch, checked with the
 * domain's `Webhook.CreateInput` rules. An edited endpoint's header values arrive hidden (`Bearer ••••`); a row left
 * hidden is sent back as it is, which keeps the stored value (`Webhook.keepHiddenHeaders`).
 */
import { Webhook } from "@patron/domain"
import { Result } from "effect"
import type { WebhookCreate, WebhookEndpoint } from "../api/Api.ts"
import { type KeyValueRow, mapOf, rowFieldOf, rowProblems, rowsOf } from "../form/KeyValueRows.ts"
import { checkValues, type FieldProblems, type PathIssue, rulesOf, withProblems } from "../form/useSchemaForm.ts"

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

/** Whether any header row shows a hidden value, as read from the API. */
export const hasHiddenHeaders = (headers: ReadonlyArray<KeyValueRow>): boolean =>
  headers.some((row) => Webhook.isHiddenValue(row.value))

/** The endpoint's rules, as the form checks them on `toCheckedInput`. */
export const rules = rulesOf(Webhook.CreateInput)

/** What the rules check: the create input, with a hidden value the API will keep standing for a valid stored one. */
export const toCheckedInput = (values: EndpointFormValues) => {
  const input = toCreateInput(values)
  if (input.headers === undefined) return input
  const standIns = Object.fromEntries(
    Object.entries(input.headers).map(([name, value]) => [name, Webhook.isHiddenValue(value) ? "kept" : value])
  )
  return { ...input, headers: standIns }
}

const topFields = new Set(["url", "description", "events", "headers"])

/** The field a problem's path names (the create input's, or the update's under `patch`); undefined for none. */
export const fieldOf = (issue: PathIssue, values: EndpointFormValues): string | undefined => {
  const path = issue.path[0] === "patch" ? issue.path.slice(1) : issue.path
  const [top, key] = path
  if (typeof top !== "string" || !topFields.has(top)) return undefined
  if (top === "headers") return rowFieldOf("headers", values.headers, key, isHeaderNameProblem(issue.message))
  // A problem with one event type is shown with the list of event types.
  return top === "events" || path.length === 1 ? top : undefined
}

/** Hidden values that keep no stored value (moved to another header, or edited), on that header's value. */
const hiddenProblems = (values: EndpointFormValues, endpoint: WebhookEndpoint | undefined): FieldProblems => {
  const kept = Webhook.keepHiddenHeaders(endpoint ?? {}, { headers: mapOf(values.headers) })
  if (Result.isSuccess(kept)) return {}
  const errors: Record<string, Array<string>> = {}
  for (const issue of kept.failure.issues) {
    const name = rowFieldOf("headers", values.headers, issue.path[2], false) ?? "headers"
    errors[name] = [...(errors[name] ?? []), issue.message]
  }
  return errors
}

/** Rules the create input cannot show: repeated or empty header names, and hidden values that keep nothing. */
export const check = (values: EndpointFormValues, endpoint?: WebhookEndpoint): FieldProblems =>
  withProblems({ byField: rowProblems("headers", values.headers), unplaced: [] }, hiddenProblems(values, endpoint))
    .byField

/** Every problem of the values, by field name; `endpoint` is the one being edited, whose hidden values may stay. */
export const validateValues = (values: EndpointFormValues, endpoint?: WebhookEndpoint): FieldProblems =>
  checkValues({ rules, toInput: toCheckedInput, fieldOf, check: (v) => check(v, endpoint) }, values).byField

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
