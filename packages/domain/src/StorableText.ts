/**
 * Text Patron can keep: well-formed Unicode without the NUL character. PostgreSQL stores neither NUL (U+0000) nor an
 * unpaired surrogate (half of a UTF-16 pair, not a character), in text or in JSON. Every string of an input, values
 * and object keys alike, is checked before decoding, so such text is refused by field instead of failing in storage.
 */
import { capped, type Issue, maxReportedIssues } from "./Validation.ts"

const anySurrogate = /[\uD800-\uDFFF]/
const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What is wrong with a string, or undefined when it can be stored. */
export const problemOf = (text: string): string | undefined => {
  if (text.includes("\u0000")) return "must not contain the NUL character (U+0000)"
  // Most text holds no surrogate at all: a cheap test spares it the lookaround pattern.
  if (anySurrogate.test(text) && unpairedSurrogate.test(text))
    return "must be well-formed Unicode (it contains an unpaired surrogate)"
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

/**
 * The problems of every string in a JSON-like value, each at its path (an object key's problem at that key): the
 * first 100 found, then one issue counting the others (see `Validation.capped`).
 */
export const issues = (value: unknown): ReadonlyArray<Issue> => {
  const found: Array<Issue> = []
  let total = 0
  const report = (place: Place | undefined, message: string) => {
    // Paths are built for the reported problems only; the others are just counted.
    if (total++ < maxReportedIssues) found.push({ path: pathOf(place), message })
  }
  // Iterative, each node visited once, so any input (deep or wide) costs time linear in its size.
  const pending: Array<{ readonly value: unknown; readonly place: Place | undefined }> = [{ value, place: undefined }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, place } = next
    if (typeof current === "string") {
      const problem = problemOf(current)
      if (problem !== undefined) report(place, problem)
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index], place: { parent: place, key: index } })
      }
    } else if (typeof current === "object" && current !== null) {
      const entries = Object.entries(current)
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index] as [string, unknown]
        const at = { parent: place, key }
        const problem = problemOf(key)
        if (problem !== undefined) report(at, `has a key that ${problem}`)
        pending.push({ value: item, place: at })
      }
    }
  }
  return capped(found, total)
}
