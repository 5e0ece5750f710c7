/**
 * Cursor pagination: a page of items and the opaque cursor of the next page (`null` on the last one). Cursors are
 * made by the adapter from the sort key and id of the last item, so pages never repeat or skip under inserts.
 */
import { Schema } from "effect"

/** An opaque cursor as returned in `nextCursor`. */
export const Cursor = Schema.String.check(
  Schema.isBetweenLength(1, 1024, { message: "must be a cursor from nextCursor" })
)

/** A page size: 1–200, 50 when absent. */
export const Limit = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 200 }, { message: "must be 1 to 200" }))
export const defaultLimit = 50

/** One page of a listing. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: string | null
}

/** The Schema of a page of `item`. */
export const schema = <S extends Schema.Top>(item: S) =>
  Schema.Struct({ items: Schema.Array(item), nextCursor: Schema.NullOr(Schema.String) })

/** A cursor that the adapter could not read (tampered, or from another listing). */
export class CursorInvalid extends Schema.TaggedError<CursorInvalid>()("CursorInvalid", { cursor: Schema.String }) {
  override get message() {
    return "cursor is not valid for this listing: use a nextCursor returned by it"
  }
}
