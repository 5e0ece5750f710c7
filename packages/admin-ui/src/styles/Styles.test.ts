/// <reference types="vite/client" />
import { describe, expect, it } from "vitest"

const sheets = import.meta.glob<string>("./*.css", { query: "?raw", import: "default", eager: true })

/** The selectors of every style rule and the names of keyframes, at any depth of @media blocks. */
const parse = (css: string) => {
  const selectors: Array<string> = []
  const keyframes: Array<string> = []
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "")
  let depth = 0
  let skipUntilDepth = -1
  let prelude = ""
  for (const char of text) {
    if (char === "{") {
      const head = prelude.trim()
      if (skipUntilDepth < 0) {
        if (head.startsWith("@keyframes")) {
          keyframes.push(head.slice("@keyframes".length).trim())
          skipUntilDepth = depth
        } else if (!head.startsWith("@")) {
          selectors.push(...head.split(",").map((selector) => selector.trim()))
        }
      }
      depth++
      prelude = ""
    } else if (char === "}") {
      depth--
      if (depth === skipUntilDepth) skipUntilDepth = -1
      prelude = ""
    } else if (char === ";") {
      prelude = ""
    } else {
      prelude += char
    }
  }
  return { selectors, keyframes }
}

describe("the admin's stylesheet", () => {
  const parsed = Object.entries(sheets).map(([file, css]) => ({ file, ...parse(css) }))

  it("has rules to check", () => {
    expect(parsed.flatMap((sheet) => sheet.selectors).length).toBeGreaterThan(100)
  })

  it("scopes every rule to the admin's root, so nothing in a host page is styled", () => {
    const unscoped = parsed.flatMap((sheet) =>
      sheet.selectors.filter((selector) => !/^\.patron-admin(?![\w-])/.test(selector)).map((s) => `${sheet.file}: ${s}`)
    )
    expect(unscoped).toEqual([])
  })

  it("names its animations with the admin's prefix", () => {
    expect(parsed.flatMap((sheet) => sheet.keyframes).every((name) => name.startsWith("pa-"))).toBe(true)
  })
})
