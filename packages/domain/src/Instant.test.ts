import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Schema } from "effect"
import * as Instant from "./Instant.ts"
import * as Validation from "./Validation.ts"

const problems = (input: unknown) =>
  Effect.runSync(Validation.decode(Schema.Struct({ at: Instant.Instant }))({ at: input }).pipe(Effect.flip)).issues

describe("Instant.Instant", () => {
  it.each(["1900-01-01T00:00:00.000Z", "2026-11-01T12:30:00Z", "9999-12-31T23:59:59.999Z"])("admits %s", (input) => {
    const at = Schema.decodeUnknownSync(Instant.Instant)(input)
    assert.strictEqual(DateTime.toEpochMillis(at), Date.parse(input))
  })

  it.each([
    "1899-12-31T23:59:59.999Z",
    "+010000-01-01T00:00:00.000Z",
    "+275760-09-13T00:00:00.000Z",
    "-271821-04-20T00:00:00.000Z"
  ])("refuses %s by its field, naming the range", (input) => {
    assert.deepStrictEqual(problems(input), [
      { path: ["at"], message: "must be a date between 1900-01-01 and 9999-12-31" }
    ])
  })

  it("round-trips an admitted instant to the same ISO string", () => {
    const at = Schema.decodeUnknownSync(Instant.Instant)("2026-11-01T00:00:00.000Z")
    assert.strictEqual(Schema.encodeSync(Instant.Instant)(at), "2026-11-01T00:00:00.000Z")
  })
})
