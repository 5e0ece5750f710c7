/**
 * The problems of a Schema decoding failure as sentences by field path, for people: a missing field "is required",
 * an undeclared one is an "unknown field", a wrong type says what is expected ("must be a string"), a union of
 * lookups says which fields to give. Messages written on the Schemas themselves (`message` annotations, filters)
 * are kept as they are.
 */
import type { SchemaAST, SchemaIssue } from "effect"

/** One problem at a field path. */
export interface PathIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

type Path = ReadonlyArray<string | number>

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const childOf = (value: unknown, key: PropertyKey): unknown =>
  (isPlainObject(value) || Array.isArray(value)) && (typeof key === "string" || typeof key === "number")
    ? (value as Record<string | number, unknown>)[key]
    : undefined

const messageOf = (annotations: SchemaAST.AST["annotations"] | undefined, key = "message"): string | undefined => {
  const message = annotations?.[key]
  return typeof message === "string" ? message : undefined
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`)

/** What a value of this type is, as a noun phrase ("a string", "a list"). */
const expectedOf = (ast: SchemaAST.AST): string => {
  switch (ast._tag) {
    case "String":
      return "a string"
    case "Number":
      return "a number"
    case "Boolean":
      return "true or false"
    case "Null":
      return "null"
    case "Arrays":
      return "a list"
    case "Objects":
      return "an object"
    case "Literal":
      return JSON.stringify(ast.literal)
    case "Union":
      return ast.types.map(expectedOf).join(" or ")
    default: {
      const expected = ast.annotations?.expected
      if (expected === "array") return "a list"
      return typeof expected === "string" ? article(expected) : "a valid value"
    }
  }
}

const oneOf = (names: ReadonlyArray<string>) =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`

/** The keys a Struct member declares; its first is what a lookup is "by" (`id`, `identifier`, …). */
const keysOf = (ast: SchemaAST.AST): ReadonlyArray<string> =>
  ast._tag === "Objects" ? ast.propertySignatures.map((signature) => String(signature.name)) : []

/**
 * A union that matched no member. Literals: "must be one of …". Objects (lookups by one of several fields): the
 * problems of the one member whose fields the input uses, or else which fields to give.
 */
const anyOf = (issue: SchemaIssue.AnyOf, path: Path, input: unknown, override: string | undefined) => {
  const members = issue.ast.types
  const own = override ?? messageOf(issue.ast.annotations)
  if (own !== undefined) return [{ path, message: own }]
  if (members.length > 0 && members.every((member) => member._tag === "Literal")) {
    return [{ path, message: `must be one of ${oneOf(members.map(expectedOf))}` }]
  }
  const objects = members.filter((member) => member._tag === "Objects")
  if (objects.length > 1 && isPlainObject(input)) {
    const given = Object.keys(input)
    const used = objects.filter((member) => keysOf(member).some((key) => given.includes(key)))
    const chosen = used.length === 1 ? issue.issues.find((inner) => "ast" in inner && inner.ast === used[0]) : undefined
    if (chosen !== undefined) return walk(chosen, path, input, undefined)
    const names = objects.flatMap((member) => keysOf(member).slice(0, 1))
    return [{ path, message: `give ${used.length > 1 ? "only " : ""}one of ${oneOf(names)}` }]
  }
  if (issue.issues.length === 1) return walk(issue.issues[0] as SchemaIssue.Issue, path, input, undefined)
  if (issue.issues.length > 1) return issue.issues.flatMap((inner) => walk(inner, path, input, undefined))
  return [{ path, message: `must be ${expectedOf(issue.ast)}` }]
}

const leaf = (issue: SchemaIssue.Leaf, input: unknown): string => {
  switch (issue._tag) {
    case "MissingKey":
      return messageOf(issue.annotations, "messageMissingKey") ?? "is required"
    case "UnexpectedKey":
      return "unknown field"
    case "InvalidType":
      return (
        messageOf(issue.ast.annotations) ??
        (input === null ? `must be ${expectedOf(issue.ast)}, not null` : `must be ${expectedOf(issue.ast)}`)
      )
    case "InvalidValue": {
      const expected = issue.annotations?.expected
      return messageOf(issue.annotations) ?? (typeof expected === "string" ? `must be ${expected}` : "is not valid")
    }
    case "Forbidden":
      return messageOf(issue.annotations) ?? "is not valid"
    case "OneOf":
      return "matches more than one of the allowed forms"
  }
}

const walk = (
  issue: SchemaIssue.Issue,
  path: Path,
  input: unknown,
  override: string | undefined
): ReadonlyArray<PathIssue> => {
  switch (issue._tag) {
    case "Filter":
      return walk(
        issue.issue,
        path,
        input,
        override ?? messageOf(issue.filter.annotations) ?? filterMessage(issue.issue) ?? expectedBy(issue.filter)
      )
    case "Encoding":
      // A transformation that failed (text that is no date) may say what it expects in its Schema's `message`.
      return walk(issue.issue, path, input, override ?? encodingMessage(issue))
    case "Pointer":
      return walk(
        issue.issue,
        [...path, ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))],
        issue.path.reduce(childOf, input),
        override
      )
    case "Composite":
      return issue.issues.flatMap((inner) => walk(inner, path, input, override))
    case "AnyOf":
      return anyOf(issue, path, input, override)
    default:
      return [{ path, message: override ?? leaf(issue, input) }]
  }
}

const encodingMessage = (issue: SchemaIssue.Encoding): string | undefined =>
  issue.issue._tag === "InvalidValue" ? messageOf(issue.ast.annotations) : undefined

/** A filter without a message of ours says what it expects (Effect's own: `isInt` expects "an integer"). */
const expectedBy = (filter: SchemaIssue.Filter["filter"]): string | undefined => {
  const expected = filter.annotations?.expected
  return typeof expected === "string" ? `must be ${expected}` : undefined
}

const filterMessage = (inner: SchemaIssue.Issue): string | undefined =>
  inner._tag === "InvalidValue" ? messageOf(inner.annotations) : undefined

/** Issues without repeats (the same message at the same path once), in their first order. */
export const distinct = (issues: ReadonlyArray<PathIssue>): ReadonlyArray<PathIssue> => {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = JSON.stringify([issue.path, issue.message])
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Issues grouped by the top-level field they concern, in the order each field first appears, keeping their order
 * within it: a rule's problem at `addresses` follows the structure problems at `addresses.0.country`.
 */
export const byField = (issues: ReadonlyArray<PathIssue>): ReadonlyArray<PathIssue> => {
  const groups = new Map<string | number | undefined, Array<PathIssue>>()
  for (const issue of issues) {
    const field = issue.path[0]
    const group = groups.get(field)
    if (group === undefined) groups.set(field, [issue])
    else group.push(issue)
  }
  return [...groups.values()].flat()
}

/** Every problem of a decoding failure of `input`, as sentences by path, each once. */
export const of = (issue: SchemaIssue.Issue, input: unknown): ReadonlyArray<PathIssue> =>
  distinct(walk(issue, [], input, undefined))
