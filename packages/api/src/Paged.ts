/**
 * A list's input as tRPC's infinite queries send it: they add `direction` to the input of every page they fetch
 * (`"forward"` for the next page). Patron's pages only go forward, from `nextCursor`; any other direction is refused
 * by name like every other field.
 */
import { Schema } from "effect"

/** `schema` with the optional `direction: "forward"` tRPC's infinite queries add. */
export const paged = <Fields extends Schema.Struct.Fields>(schema: Schema.Struct<Fields>) =>
  schema.mapFields((fields) => ({
    ...fields,
    direction: Schema.optionalKey(
      Schema.Literal("forward").annotate({ description: "sent by tRPC's infinite queries; pages only go forward" })
    )
  }))
