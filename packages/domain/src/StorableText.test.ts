import { describe, expect, it } from "vitest"
import * as StorableText from "./StorableText.ts"

describe("StorableText.issues", () => {
  it("accepts ordinary text, emoji and every script", () => {
    expect(StorableText.issues({ name: "Åsa Ødegård 😀 名前 مرحبا", tags: ["a", { b: "c" }] })).toEqual([])
  })

  it("names each NUL or unpaired surrogate by its path, in values and in keys", () => {
    const found = StorableText.issues({
      lastName: "Love\u0000lace",
      addresses: [{ street: "x" }, { street: "\ud800" }],
      meta: { "\u0000key": "v", ok: "\udc00\ud800" }
    })
    expect(found).toHaveLength(4)
    expect(found).toContainEqual({ path: ["lastName"], message: "must not contain the NUL character (U+0000)" })
    expect(found).toContainEqual({
      path: ["addresses", 1, "street"],
      message: "must be well-formed Unicode (it contains an unpaired surrogate)"
    })
    expect(found).toContainEqual({
      path: ["meta", "\u0000key"],
      message: "has a key that must not contain the NUL character (U+0000)"
    })
    expect(found).toContainEqual({
      path: ["meta", "ok"],
      message: "must be well-formed Unicode (it contains an unpaired surrogate)"
    })
  })

  it("walks a deeply nested input without exhausting the stack", () => {
    let deep: unknown = "\u0000"
    for (let i = 0; i < 100_000; i++) deep = { d: deep }
    expect(StorableText.issues(deep)).toHaveLength(1)
  })

  it("lists the first 100 problems of a huge input, then one counting the rest", () => {
    const found = StorableText.issues({ addresses: Array.from({ length: 200_000 }, () => ({ street: "\u0000" })) })
    expect(found).toHaveLength(101)
    expect(found[0]).toEqual({
      path: ["addresses", 0, "street"],
      message: "must not contain the NUL character (U+0000)"
    })
    expect(found[99]?.path).toEqual(["addresses", 99, "street"])
    expect(found[100]).toEqual({ path: [], message: "… and 199,900 more problems" })
  })
})
