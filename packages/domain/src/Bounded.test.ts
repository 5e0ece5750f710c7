import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as Bounded from "./Bounded.ts"
import * as Validation from "./Validation.ts"

/** An element Schema that counts how many times it was decoded. */
const counting = () => {
  let decoded = 0
  const Element = Schema.Struct({
    name: Schema.String.check(
      Schema.makeFilter((name: string) => {
        decoded++
        return name !== "" || "must not be empty"
      })
    )
  })
  return { Element, decoded: () => decoded }
}

const issuesOf = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, input: unknown) =>
  Effect.runSync(Validation.decode(schema)(input).pipe(Effect.flip)).issues

describe("Bounded.array", () => {
  it("refuses a list past its limit by its size alone, without decoding one element", () => {
    const { Element, decoded } = counting()
    const List = Schema.Struct({ items: Bounded.array(Element, Schema.isMaxLength(20, { message: "at most 20" })) })
    const issues = issuesOf(List, { items: Array.from({ length: 200_000 }, () => ({ name: "" })) })
    assert.deepStrictEqual(issues, [{ path: ["items"], message: "at most 20" }])
    assert.strictEqual(decoded(), 0)
  })

  it("decodes and reports the elements of a list within its limit, by path", () => {
    const { Element, decoded } = counting()
    const List = Bounded.array(Element, Schema.isMaxLength(20))
    assert.deepStrictEqual(issuesOf(List, [{ name: "a" }, { name: "" }]), [
      { path: [1, "name"], message: "must not be empty" }
    ])
    assert.strictEqual(decoded(), 2)
    assert.deepStrictEqual(Schema.decodeUnknownSync(List)([{ name: "a" }]), [{ name: "a" }])
  })

  it("refuses what is not a list as Schema.Array does", () => {
    const { Element } = counting()
    assert.deepStrictEqual(issuesOf(Bounded.array(Element, Schema.isMaxLength(20)), "x"), [
      { path: [], message: "must be a list" }
    ])
  })
})

describe("Bounded.record", () => {
  it("refuses a map past its limit by its entry count, without decoding one entry", () => {
    const { Element, decoded } = counting()
    const Entries = Bounded.record(
      Schema.String,
      Element,
      Schema.isMaxProperties(50, { message: "at most 50 entries" })
    )
    const entries = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, { name: "" }]))
    assert.deepStrictEqual(issuesOf(Entries, entries), [{ path: [], message: "at most 50 entries" }])
    assert.strictEqual(decoded(), 0)
  })

  it("decodes the entries of a map within its limit", () => {
    const { Element } = counting()
    const Entries = Bounded.record(Schema.String, Element, Schema.isMaxProperties(50))
    assert.deepStrictEqual(issuesOf(Entries, { a: { name: "" } }), [
      { path: ["a", "name"], message: "must not be empty" }
    ])
  })
})
