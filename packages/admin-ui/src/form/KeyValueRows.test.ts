import { describe, expect, it } from "vitest"
import { emptyRow, mapOf, patchOf, rowFieldOf, rowProblems, rowsOf } from "./KeyValueRows.ts"

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
      "meta[1].key": ["is required"],
      "meta[2].key": ["repeats the key a"]
    })
  })

  it("names the key or value field of the row holding a map key a problem is reported at", () => {
    const rows = [row("ok", "xxx"), row("", ""), row("bad key", "v")]
    expect(rowFieldOf("meta", rows, "bad key", true)).toBe("meta[2].key")
    expect(rowFieldOf("meta", rows, "ok", false)).toBe("meta[0].value")
    // The whole map's problem is the map's field; a key no row holds has no field (the form shows it on its own).
    expect(rowFieldOf("meta", rows, undefined, false)).toBe("meta")
    expect(rowFieldOf("meta", rows, "gone", false)).toBeUndefined()
    expect(rowFieldOf("meta", rows, "", false)).toBeUndefined()
  })
})
