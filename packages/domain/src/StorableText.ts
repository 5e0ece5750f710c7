/**
 * Text Patron can keep: well-formed Unicode without the NUL character. PostgreSQL stores neither NUL (U+0000) nor an
 * unpaired surrogate (half of a UTF-16 pair, not a character), in text or in JSON. Every string of an input, values
 * and object keys alike, is checked before decoding, so such text is refused by field instead of failing in storage.
 */
import type { Issue } from "./Validation.ts"

const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What is wrong with a string, or undefined when it can be stored. */
export const problemOf = (text: string): string | undefined => {
  if (text.includes("\u0000")) return "must not contain the NUL character (U+0000)"
  if (unpairedSurrogate.test(text)) return "must be well-formed Unicode (it contains an unpaired surrogate)"
  return undefined
}

interface Place {
  readonly parent: Place | undefined
  readonly key: string | number
}

const pathOf = (place: Place | undefined): Array<string | number> => {
  const path: Array<string | number> = []
  for (let at = place; at !== undefined; at = at.parent) path.push(at.key)
  return path.reverse()
}

/** The problems of every string in a JSON-like value, each at its path (an object key's problem at that key). */
export const issues = (value: unknown): ReadonlyArray<Issue> => {
  const found: Array<Issue> = []
  // Iterative, with paths built only for problems, so a deeply nested input costs time linear in its size.
  const pending: Array<{ readonly value: unknown; readonly place: Place | undefined }> = [{ value, place: undefined }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, place } = next
    if (typeof current === "string") {
      const problem = problemOf(current)
      if (problem !== undefined) found.push({ path: pathOf(place), message: problem })
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => {
        pending.push({ value: item, place: { parent: place, key: index } })
      })
    } else if (typeof current === "object" && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        const at = { parent: place, key }
        const problem = problemOf(key)
        if (problem !== undefined) found.push({ path: pathOf(at), message: `has a key that ${problem}` })
        pending.push({ value: item, place: at })
      }
    }
  }
  return found
}
