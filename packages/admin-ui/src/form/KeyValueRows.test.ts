import { describe, expect, it } from "vitest"
import { emptyRow, mapOf, patchOf, rowProblems, rowsOf, toRowErrors } from "./KeyValueRows.ts"

const row = (key: string, value: string) => ({ ...emptyRow(), key, value })

describe("KeyValueRows", () => {
  it("turns rows into a map, leaving blank rows out and trimming keys", () => {
    expect(mapOf([row(" tier ", "gold"), row("", ""), row("source", "")])).toEqual({ tier: "gold", source: "" })
  })

  it("patches a stored map: new and changed keys are set, removed keys unset, unchanged keys not sent", () => {
    const stored = { tier: "gold", source: "import", region: "eu" }
    expect(patchOf(stored, [row("tier", "platinum"), row("region", "eu"), row("owner", "ada")])).toEqual({
      set: { tier: "platinum", owner: "ada" },
      unset: ["source"]
    })
    expect(patchOf(stored, rowsOf(stored))).toBeUndefined()
  })

  it("flags a row without a key and a key used twice", () => {
    expect(rowProblems("meta", [row("a", "1"), row("", "2"), row("a", "3")])).toEqual({
      "meta.1.key": ["is required"],
      "meta.2.key": ["repeats the key a"]
    })
  })

  it("moves a problem reported for a map key to that row's key or value", () => {
    const rows = [row("ok", "x".repeat(3)), row("bad key", "v")]
    const moved = toRowErrors(
      "meta",
      rows,
      { "meta.bad key": ["may hold only letters"], "meta.ok": ["too long"], email: ["wrong"] },
      (message) => message.startsWith("may hold")
    )
    expect(moved).toEqual({ "meta.1.key": ["may hold only letters"], "meta.0.value": ["too long"], email: ["wrong"] })
  })
})
