/**
 * Invalid input: every problem found, each with the path of the field it concerns, so the API can answer
 * BAD_REQUEST with `issues: [{ path, message }]` and the admin can show each message by its field.
 */
import { DateTime, Effect, Result, Schema } from "effect"
import * as InputIssues from "./InputIssues.ts"
import type * as InputRules from "./InputRules.ts"

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

/**
 * Lists the problems of a Schema decoding failure (of `input`, when known) as sentences with their field paths, at
 * most 100 then a count of the rest.
 */
export const issuesOf = (error: Schema.SchemaError, input?: unknown): ReadonlyArray<Issue> =>
  capped(schemaIssues(error, input))

const schemaIssues = (error: Schema.SchemaError, input: unknown) => InputIssues.of(error.issue, input)

/** How inputs are decoded: every problem, and a key the Schema does not declare is refused by name. */
export const parseOptions = { errors: "all", onExcessProperty: "error" } as const

type Decodable = Schema.Top & { readonly DecodingServices: never }

/**
 * Checks an input in one pass: its structure and field rules (the Schema) and the `rules` over the input as sent
 * (cross-field and clock rules), so one answer lists every problem, each once, at most 100 then a count of the rest.
 * `also` are problems found beforehand (unstorable text), reported with the others.
 */
export const check = <S extends Decodable>(schema: S, ...rules: ReadonlyArray<InputRules.Rule>) => {
  const decodeInput = Schema.decodeUnknownResult(schema, parseOptions)
  return (
    input: unknown,
    now: DateTime.Utc,
    also: ReadonlyArray<Issue> = []
  ): Result.Result<S["Type"], InputInvalid> => {
    const decoded = decodeInput(input)
    // A field refused beforehand is refused for that reason alone.
    const refused = new Set(also.map((issue) => JSON.stringify(issue.path)))
    const found = [
      ...(Result.isFailure(decoded) ? schemaIssues(decoded.failure, input) : []),
      ...rules.flatMap((rule) => rule(input, now))
    ].filter((issue) => !refused.has(JSON.stringify(issue.path)))
    const issues = InputIssues.byField(InputIssues.distinct([...also, ...found]))
    return issues.length > 0 || Result.isFailure(decoded)
      ? Result.fail(new InputInvalid({ issues: capped(issues) }))
      : Result.succeed(decoded.success)
  }
}

/** Decodes unknown input with a Schema and `rules` (at the Clock's now), reporting every problem as `InputInvalid`. */
export const decode = <S extends Decodable>(schema: S, ...rules: ReadonlyArray<InputRules.Rule>) => {
  const checkInput = check(schema, ...rules)
  return (input: unknown): Effect.Effect<S["Type"], InputInvalid> =>
    Effect.flatMap(DateTime.now, (now) => Effect.fromResult(checkInput(input, now)))
}

/** An `InputInvalid` with a single problem at `path`. */
export const invalid = (path: ReadonlyArray<string | number>, message: string): InputInvalid =>
  new InputInvalid({ issues: [{ path, message }] })
