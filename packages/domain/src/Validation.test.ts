import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as Validation from "./Validation.ts"

describe("Validation.capped", () => {
  it("keeps up to 100 problems as they are", () => {
    const issues = Array.from({ length: 100 }, (_, i) => ({ path: [i], message: "bad" }))
    assert.strictEqual(Validation.capped(issues), issues)
  })

  it("lists the first 100 of more problems, then one counting the rest", () => {
    const issues = Array.from({ length: 200_000 }, (_, i) => ({ path: [i], message: "bad" }))
    const capped = Validation.capped(issues)
    assert.strictEqual(capped.length, 101)
    assert.deepStrictEqual(capped[99], { path: [99], message: "bad" })
    assert.deepStrictEqual(capped[100], { path: [], message: "… and 199,900 more problems" })
    assert.deepStrictEqual(Validation.capped(issues.slice(0, 101))[100], { path: [], message: "… and 1 more problem" })
  })
})

describe("Validation.decode", () => {
  it("reports at most 101 issues for an input with thousands of problems", () => {
    const Many = Schema.Array(Schema.String)
    const error = Effect.runSync(Validation.decode(Many)(Array.from({ length: 5000 }, () => 1)).pipe(Effect.flip))
    assert.strictEqual(error.issues.length, 101)
    assert.deepStrictEqual(error.issues[0]?.path, [0])
    assert.strictEqual(error.issues[100]?.message, "… and 4,900 more problems")
  })
})
