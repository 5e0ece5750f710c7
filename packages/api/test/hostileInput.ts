/**
 * Hostile input values for the fuzz test (fuzz.test.ts): strings with NUL, lone surrogates and 100,000 units, numbers
 * and decimal strings that are not what a field takes, structures thousands of levels deep, objects with keys such as
 * `__proto__`, and inputs shaped like a valid one with fields replaced, dropped or added.
 */
import fc from "fast-check"

const huge = 100_000

/** A lone (unpaired) surrogate, valid in a JS string and in JSON text, not in UTF-8. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code))

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .array(fc.oneof(loneSurrogate, fc.constant("\u0000"), fc.string({ unit: "grapheme", maxLength: 3 })), {
      maxLength: 12
    })
    .map((parts) => parts.join("")),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff\ud800",
    "\u202e\u200b\ufeff",
    "💩".repeat(20),
    "null",
    "undefined",
    "__proto__",
    "'; DROP TABLE customers; --",
    "../../etc/passwd",
    "http://127.0.0.1/hook",
    "javascript:alert(1)",
    "cus_00000000000000000000000000",
    "ten_00000000000000000000000002"
  ),
  fc.constantFrom("a", "\u0000", "é", "💩", "\ud83d").map((unit) => unit.repeat(huge)),
  fc.string({ maxLength: 5 }).map((s) => `${s}${"x".repeat(huge)}`)
)

/** Numbers where decimal strings (or small ints) are expected, and decimal strings that are not decimals. */
const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 53 + 1, Number.MAX_VALUE, Number.MIN_VALUE, 1e308, -1e308),
  fc.constantFrom(
    "1e400",
    "-1e-400",
    "0x10",
    "NaN",
    "Infinity",
    "-0",
    "1_000",
    "１２",
    "1,5",
    " 1 ",
    "9".repeat(5000),
    `0.${"0".repeat(5000)}1`,
    "1e999999999"
  )
)

/** Arrays or objects nested hundreds to thousands of levels deep. */
const deep: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 100, max: 3000 }), fc.boolean())
  .map(([depth, asArray]) => {
    let value: unknown = "bottom"
    for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value }
    return value
  })

const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "id", "extra", "", "\u0000", "\ud800"),
  fc.string({ unit: "binary", maxLength: 10 })
)

/** An object with own keys set as JSON.parse would (so `__proto__` is an ordinary own key). */
const ownObject = (entries: ReadonlyArray<readonly [string, unknown]>) => {
  const object: Record<string, unknown> = {}
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  }
  return object
}

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: deep },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(hostileKey, fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 })
      .map((entries) => ownObject(entries))
  }
)

/**
 * Inputs shaped like `template`: each field kept, replaced by a hostile value or dropped, lists resized, and extra
 * keys added.
 */
export const shaped = (template: unknown, depth = 0): fc.Arbitrary<unknown> => {
  if (Array.isArray(template)) {
    const element = template.length > 0 ? shaped(template[0], depth + 1) : hostile
    return fc.oneof(
      { weight: 4, arbitrary: fc.array(element, { minLength: 0, maxLength: 3 }) },
      { weight: 2, arbitrary: element.map((e) => [e]) },
      { weight: 1, arbitrary: hostile }
    )
  }
  if (template !== null && typeof template === "object") {
    const fields = Object.entries(template).map(([key, value]) =>
      fc
        .oneof(
          { weight: 8, arbitrary: shaped(value, depth + 1).map((v) => ({ keep: true as const, v })) },
          { weight: 1, arbitrary: fc.constant({ keep: false as const, v: undefined }) }
        )
        .map((choice) => [key, choice] as const)
    )
    const extras = fc.array(fc.tuple(hostileKey, hostile), { maxLength: depth === 0 ? 3 : 1 })
    const object = fc
      .tuple(fc.tuple(...fields), extras)
      .map(([chosen, extra]) =>
        ownObject([
          ...chosen.flatMap(([key, choice]) => (choice.keep ? [[key, choice.v] as const] : [])),
          ...extra.map(([key, value]) => [key, value] as const)
        ])
      )
    return fc.oneof({ weight: 8, arbitrary: object }, { weight: 1, arbitrary: hostile })
  }
  return fc.oneof({ weight: 4, arbitrary: fc.constant(template) }, { weight: 1, arbitrary: hostile })
}

/** What arrives after the wire: plain JSON (a value JSON cannot hold is sent as JSON would send it). */
export const overTheWire = (value: unknown): unknown => {
  const text = JSON.stringify(value)
  return text === undefined ? undefined : JSON.parse(text)
}
