/**
 * Keyset pagination over an in-memory list, with the same contract as the SQL adapters: items sorted by
 * (sort key, id), the cursor naming the last item's key so a page resumes right after it.
 */
import { Effect, Result } from "effect"
import { Base64Url } from "effect/encoding"
import * as Page from "../Page.ts"

type Key = string | number

const compare = (a: readonly [Key, string], b: readonly [Key, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0

const decodeCursor = (cursor: string): readonly [Key, string] | undefined => {
  try {
    const parsed: unknown = JSON.parse(Result.getOrThrow(Base64Url.decodeString(cursor)))
    return Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === "string"
      ? [parsed[0] as Key, parsed[1]]
      : undefined
  } catch {
    return undefined
  }
}

/** One page of `items` in (key, id) order, ascending or descending, after the cursor. */
export const paginate = <A extends { readonly id: string }>(
  items: Iterable<A>,
  options: {
    readonly key: (item: A) => Key
    readonly direction: "asc" | "desc"
    readonly cursor?: string | undefined
    readonly limit?: number | undefined
  }
): Effect.Effect<Page.Page<A>, Page.CursorInvalid> =>
  Effect.gen(function* () {
    const sign = options.direction === "asc" ? 1 : -1
    const keyed = [...items].map((item) => [[options.key(item), item.id] as const, item] as const)
    keyed.sort((a, b) => sign * compare(a[0], b[0]))
    let start = 0
    if (options.cursor !== undefined) {
      const after = decodeCursor(options.cursor)
      if (after === undefined) return yield* new Page.CursorInvalid({ cursor: options.cursor })
      start = keyed.findIndex(([key]) => sign * compare(key, after) > 0)
      if (start === -1) start = keyed.length
    }
    const limit = options.limit ?? Page.defaultLimit
    const page = keyed.slice(start, start + limit)
    const last = page.at(-1)
    const hasMoreItems = start + limit < keyed.length
    return {
      items: page.map(([, item]) => item),
      nextCursor: hasMoreItems && last !== undefined ? Base64Url.encode(JSON.stringify(last[0])) : null
    }
  })
