/**
 * Invalid input: every problem found, each with the path of the field it concerns, so the API can answer
 * BAD_REQUEST with `issues: [{ path, message }]` and the admin can show each message by its field.
 */
import { Effect, Schema, SchemaIssue } from "effect"

/** One problem with an input: where it is and what is wrong. */
export const Issue = Schema.Struct({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})
export type Issue = typeof Issue.Type

/** The input broke one or more field rules; nothing was written. */
export class InputInvalid extends Schema.TaggedError<InputInvalid>()("InputInvalid", {
  issues: Schema.Array(Issue)
}) {
  override get message() {
    return this.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ` : "") + issue.message).join("; ")
  }
}

/** The most problems one answer lists; past them, one more issue says how many were left out. */
export const maxReportedIssues = 100

const counted = new Intl.NumberFormat("en-US")

/** The issue standing for `count` problems left out of an answer (path `[]`). */
export const moreProblems = (count: number): Issue => ({
  path: [],
  message: `… and ${counted.format(count)} more ${count === 1 ? "problem" : "problems"}`
})

/**
 * The first 100 of `total` problems (all of `issues` by default), then one issue counting the rest, so a huge bad
 * input gets a small answer. `issues` may hold just the first ones when the caller counted the others.
 */
export const capped = (issues: ReadonlyArray<Issue>, total: number = issues.length): ReadonlyArray<Issue> =>
  total <= maxReportedIssues ? issues : [...issues.slice(0, maxReportedIssues), moreProblems(total - maxReportedIssues)]

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Lists the problems of a Schema decoding failure with their field paths, at most 100 then a count of the rest. */
export const issuesOf = (error: Schema.SchemaError): ReadonlyArray<Issue> =>
  capped(
    formatter(error.issue).issues.map((issue) => ({
      path: (issue.path ?? []).map((key) => (typeof key === "number" ? key : String(key))),
      message: issue.message
    }))
  )

/** Decodes unknown input with a Schema, reporting every problem as `InputInvalid`. */
export const decode =
  <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) =>
  (input: unknown): Effect.Effect<S["Type"], InputInvalid> =>
    Schema.decodeUnknownEffect(schema)(input, { errors: "all" }).pipe(
      Effect.mapError((error) => new InputInvalid({ issues: issuesOf(error) }))
    )

/** An `InputInvalid` with a single problem at `path`. */
export const invalid = (path: ReadonlyArray<string | number>, message: string): InputInvalid =>
  new InputInvalid({ issues: [{ path, message }] })
