/**
 * Field rules from the domain Schemas, shown by their fields: a form's values are decoded with the same Schema the
 * API decodes them with, and every problem is listed under the field its path names (`addresses.0.country`).
 */
import { Validation } from "@patron/domain"
import { Result, Schema } from "effect"

/** Problems by field key (the issue path joined with dots); a form is valid when this is empty. */
export type FieldErrors = Readonly<Record<string, ReadonlyArray<string>>>

export const noErrors: FieldErrors = {}

/** The key of a field at a path. */
export const keyOf = (path: ReadonlyArray<string | number>): string => path.join(".")

// Schema's own wording for an absent required field; people read "is required".
const readable = (message: string) => (message === "Missing key" ? "is required" : message)

/** Groups problems by their field; a problem without a path goes under `""` (the whole form). */
export const fromIssues = (issues: ReadonlyArray<Validation.Issue>): FieldErrors => {
  const errors: Record<string, Array<string>> = {}
  for (const issue of issues) {
    const key = keyOf(issue.path)
    const messages = errors[key] ?? []
    const message = readable(issue.message)
    if (!messages.includes(message)) messages.push(message)
    errors[key] = messages
  }
  return errors
}

/** Adds problems to a set of field errors. */
export const merge = (...all: ReadonlyArray<FieldErrors>): FieldErrors => {
  const merged: Record<string, Array<string>> = {}
  for (const errors of all) {
    for (const [key, messages] of Object.entries(errors)) merged[key] = [...(merged[key] ?? []), ...messages]
  }
  return merged
}

/** Whether there is any problem. */
export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0

/** Decodes a form's input with a domain Schema, reporting every broken rule by field. */
export const validate = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  input: unknown
): FieldErrors => {
  const result = Schema.decodeUnknownResult(schema)(input, { errors: "all" })
  return Result.isSuccess(result) ? noErrors : fromIssues(Validation.issuesOf(result.failure))
}
