/**
 * Hostile request bodies for fast-check: a valid input with some of its values replaced by huge strings, nesting
 * hundreds of thousands of levels deep, huge arrays and objects, wrong types, odd unicode (lone surrogates, bidi
 * controls) and NUL bytes; extra hostile keys (`__proto__`); a hostile value as the whole input; and bodies that are
 * not JSON or not UTF-8. Values too deep for `JSON.stringify` travel as `Raw` JSON text.
 */
import fc from "fast-check"

/** JSON text placed verbatim where it stands. */
export class Raw {
  constructor(readonly text: string) {}
  toJSON() {
    return `<raw JSON, ${this.text.length} chars: ${this.text.slice(0, 40)}…>`
  }
}

/** The request body of an input: JSON text, or bytes that are not UTF-8. */
export type Body = string | Uint8Array

/** JSON text of a value that may hold `Raw` parts (only the template's own levels are walked). */
export const serialize = (value: unknown): string => {
  if (value instanceof Raw) return value.text
  if (Array.isArray(value)) return `[${value.map(serialize).join(",")}]`
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, v]) => `${JSON.stringify(key)}:${serialize(v)}`)
      .join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code))

const oddText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.string({ unit: "grapheme", maxLength: 32 }),
  fc
    .array(fc.oneof(loneSurrogate, fc.constant("\u0000"), fc.string({ maxLength: 3 })), { maxLength: 10 })
    .map((parts) => parts.join("")),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "Ada\u0000Lovelace",
    "\ud800",
    "\udc00\ud800",
    "\u202eevil\u202c",
    "\u200b\ufeff\u2028\u2029",
    "𝕳𝖊𝖑𝖑𝖔",
    "ǅungla",
    "İstanbul",
    "\u0301\u0301\u0301",
    "👩🏽‍💻".repeat(30),
    "'; drop table customers; --",
    "{{7*7}}#{7*7}",
    "../../etc/passwd",
    "<script>alert(1)</script>"
  )
)

const hugeText = fc
  .tuple(fc.constantFrom("a", "é", "💩", "\u0000", "\ud800", " ", "9"), fc.constantFrom(70_000, 1_000_000, 3_000_000))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)))

const deep = fc
  .tuple(fc.integer({ min: 1_000, max: 300_000 }), fc.boolean())
  .map(([depth, asArray]) =>
    asArray
      ? new Raw(`${"[".repeat(depth)}${"]".repeat(depth)}`)
      : new Raw(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`)
  )

const wide = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.boolean())
  .map(([count, asArray]) =>
    asArray
      ? new Raw(`[${Array.from({ length: count }, () => '"x"').join(",")}]`)
      : new Raw(`{${Array.from({ length: count }, (_, i) => `"k${i}":"v"`).join(",")}}`)
  )

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(null, [], {}, [null], { id: null }, -0, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE),
  fc.constantFrom("1e400", "NaN", "-Infinity", "0x1F", "1,5", "１２", "9".repeat(5_000), `0.${"0".repeat(5_000)}1`)
)

/** A value no field should accept gracefully. */
export const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wrongType },
  { weight: 4, arbitrary: oddText },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: wide },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }
)

const key = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "", "\u0000", "\ud800", "x".repeat(10_000)),
  fc.string({ unit: "binary", maxLength: 12 })
)

/** Bodies that are not a JSON value at all, or not UTF-8. */
const broken: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom("", "{", "}", "[", '{"a":', "nul", "undefined", "{'a':1}", '{"a":1}garbage', "\u0000", "{}{}"),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Uint8Array.from([0xff, 0xfe, ...bytes]))
)

type Path = ReadonlyArray<string | number>

/** Every place inside a value, parents before children. */
const paths = (template: unknown, at: Path = []): Array<Path> => {
  if (Array.isArray(template))
    return template.flatMap((item, index) => [[...at, index], ...paths(item, [...at, index])])
  if (template !== null && typeof template === "object") {
    return Object.entries(template).flatMap(([name, item]) => [[...at, name], ...paths(item, [...at, name])])
  }
  return []
}

/** An own property, even for `__proto__`, as JSON.parse would make it. */
const put = (target: Record<string | number, unknown>, name: string | number, item: unknown) =>
  Object.defineProperty(target, name, { value: item, enumerable: true, writable: true, configurable: true })

const withReplaced = (template: unknown, replacements: ReadonlyArray<readonly [Path, unknown]>): unknown => {
  const copy = structuredClone(template) as Record<string | number, unknown>
  for (const [path, replacement] of replacements) {
    let parent: Record<string | number, unknown> | undefined = copy
    for (const step of path.slice(0, -1)) {
      const next: unknown = parent?.[step]
      parent = next !== null && typeof next === "object" ? (next as Record<string | number, unknown>) : undefined
    }
    if (parent !== undefined) put(parent, path.at(-1) as string | number, replacement)
  }
  return copy
}

/** Hostile bodies shaped like `template` (a valid input of the procedure). */
export const body = (template: unknown): fc.Arbitrary<Body> => {
  const places = paths(template)
  const objects: Array<Path> = [[], ...places.filter((path) => isObject(at(template, path)))]
  const shaped =
    places.length === 0
      ? []
      : [
          { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...places), value).map((r) => withReplaced(template, [r])) },
          {
            weight: 2,
            arbitrary: fc
              .array(fc.tuple(fc.constantFrom(...places), value), { minLength: 2, maxLength: 4 })
              .map((rs) => withReplaced(template, rs))
          }
        ]
  const json = fc.oneof(
    ...shaped,
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...objects), key, value)
        .map(([path, name, item]) => withReplaced(template, [[[...path, name], item]]))
    },
    { weight: 1, arbitrary: value }
  )
  return fc.oneof({ weight: 10, arbitrary: json.map(serialize) }, { weight: 1, arbitrary: broken })
}

const isObject = (item: unknown) => item !== null && typeof item === "object" && !Array.isArray(item)
const at = (template: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, step) => (node as Record<string | number, unknown> | undefined)?.[step], template)
