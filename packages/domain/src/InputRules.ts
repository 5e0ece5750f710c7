/**
 * Rules over an input as sent, checked in the same pass as its structure: cross-field rules (one default address per
 * type) and rules that need the clock (a birth date not in the future). Effect Schema checks a list's own rules only
 * once every element decodes, and the clock is no Schema's business, so without these an input with a bad field would
 * hide such problems until that field was fixed. A rule looks only at the parts that decode on their own and says
 * nothing about the rest (their structure problems are reported by the Schema).
 */
import { type DateTime, Option, Schema } from "effect"
import type { PathIssue } from "./InputIssues.ts"

/** A rule over a raw input at a given instant: the problems it finds, by path. */
export type Rule = (input: unknown, now: DateTime.Utc) => ReadonlyArray<PathIssue>

/** A path in an input; `"*"` stands for every element of a list. */
export type Pattern = ReadonlyArray<string | number>

type Decodable = Schema.Top & { readonly DecodingServices: never }

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Every value of `input` at `pattern`, with its concrete path. */
export const valuesAt = (
  input: unknown,
  pattern: Pattern,
  path: ReadonlyArray<string | number> = []
): ReadonlyArray<{ readonly path: ReadonlyArray<string | number>; readonly value: unknown }> => {
  if (pattern.length === 0) return [{ path, value: input }]
  const [head, ...rest] = pattern
  if (head === "*") {
    return Array.isArray(input) ? input.flatMap((value, i) => valuesAt(value, rest, [...path, i])) : []
  }
  if (typeof head === "number") return Array.isArray(input) ? valuesAt(input[head], rest, [...path, head]) : []
  if (!isPlainObject(input) || !Object.hasOwn(input, head as string)) return []
  return valuesAt(input[head as string], rest, [...path, head as string])
}

/** A rule on the value at `pattern` when it decodes with `schema` (absent or undecodable values pass). */
export const onValue = <S extends Decodable>(
  pattern: Pattern,
  schema: S,
  problem: (value: S["Type"], now: DateTime.Utc) => string | undefined
): Rule => {
  const decodeValue = Schema.decodeUnknownOption(schema)
  return (input, now) =>
    valuesAt(input, pattern).flatMap(({ path, value }) => {
      const decoded = decodeValue(value)
      const message = Option.isSome(decoded) ? problem(decoded.value, now) : undefined
      return message === undefined ? [] : [{ path, message }]
    })
}

/**
 * A rule on the list at `pattern`, over those of its elements that decode with `item`. Meant for rules a subset
 * cannot break unless the whole list does (nothing repeated, one default per type), so it never reports a problem
 * the list does not have; the problem is reported at the list's path, as the list's Schema filter reports it.
 */
export const onItems = <S extends Decodable>(
  pattern: Pattern,
  item: S,
  problem: (items: ReadonlyArray<S["Type"]>) => string | undefined
): Rule => {
  const decodeItem = Schema.decodeUnknownOption(item)
  return (input) =>
    valuesAt(input, pattern).flatMap(({ path, value }) => {
      if (!Array.isArray(value)) return []
      const message = problem(value.flatMap((element) => Option.toArray(decodeItem(element))))
      return message === undefined ? [] : [{ path, message }]
    })
}

/** The rules applied to the value at `prefix` (e.g. `["patch"]` of an update). */
export const under =
  (prefix: Pattern, ...rules: ReadonlyArray<Rule>): Rule =>
  (input, now) =>
    valuesAt(input, prefix).flatMap(({ path, value }) =>
      rules.flatMap((rule) => rule(value, now).map((issue) => ({ ...issue, path: [...path, ...issue.path] })))
    )
