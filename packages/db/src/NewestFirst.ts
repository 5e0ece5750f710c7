/**
 * Keyset pages newest first on (created_at, id), as orders and contracts are listed. The cursor is the base64url JSON
 * `[epochMillis, id]` of a page's last item, the form the in-memory adapter (`testing/Keyset.ts`) makes.
 */
import { Page } from "@patron/domain"
import { DateTime, Effect, Option, Result } from "effect"
import { Base64Url } from "effect/encoding"

/** The (created_at, id) a page resumes after, or CursorInvalid for anything this listing did not make. */
export const after = (
  cursor: string
): Effect.Effect<{ readonly at: string; readonly id: string }, Page.CursorInvalid> => {
  try {
    const parsed: unknown = JSON.parse(Result.getOrThrow(Base64Url.decodeString(cursor)))
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isSafeInteger(parsed[0]) &&
      typeof parsed[1] === "string"
    ) {
      const at = DateTime.make(parsed[0] as number)
      if (Option.isSome(at)) return Effect.succeed({ at: DateTime.formatIso(at.value), id: parsed[1] })
    }
  } catch {
    // falls through to CursorInvalid
  }
  return Effect.fail(new Page.CursorInvalid({ cursor }))
}

/** The cursor after an item. */
export const cursorOf = (item: { readonly createdAt: DateTime.Utc; readonly id: string }): string =>
  Base64Url.encode(JSON.stringify([item.createdAt.epochMilliseconds, item.id]))

/** The page of up to `limit + 1` rows fetched, with the cursor after its last item when more follow. */
export const page = <A extends { readonly createdAt: DateTime.Utc; readonly id: string }>(
  rows: ReadonlyArray<A>,
  limit: number
): Page.Page<A> => {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null }
}
