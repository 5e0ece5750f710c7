/**
 * Key/value maps with patch semantics: `meta` and `externalReferences` are updated by `{ set, unset }` and merged,
 * never replaced wholesale (the Crystallize complaint of PRODUCT.md §9.1).
 */
import { Schema } from "effect"
import * as Bounded from "./Bounded.ts"

/** A key: 1–64 characters of `A-Za-z0-9_.-`. */
export const Key = Schema.Trim.check(
  Schema.isBetweenLength(1, 64, { message: "must be 1 to 64 characters" }),
  Schema.isPattern(/^[A-Za-z0-9_.-]{1,64}$/, { message: "may hold only letters, digits and _ . -" })
)

/** A value of at most 2,000 characters. */
export const MetaValue = Schema.String.check(Schema.isMaxLength(2000, { message: "must be at most 2000 characters" }))

/**
 * Maps of keys to a value schema holding at most `maxEntries` entries, counted before any entry is decoded (so a map
 * of 200,000 entries is refused by its size alone).
 */
export const map = <V extends Schema.Top & { readonly DecodingServices: never; readonly EncodingServices: never }>(
  value: V,
  maxEntries: number
) =>
  Bounded.record(Key, value, Schema.isMaxProperties(maxEntries, { message: `must hold at most ${maxEntries} entries` }))

export const maxMetaEntries = 50
/** Free metadata: at most 50 entries. */
export const Meta = map(MetaValue, maxMetaEntries)
export type Meta = typeof Meta.Type

/** The most keys one patch can unset. */
export const maxUnsetKeys = 200

/**
 * A patch to a map of at most `maxEntries` entries: keys to set (added or replaced; at most `maxEntries`) and keys
 * to remove (at most 200).
 */
export const patchOf = <V extends Schema.Top & { readonly DecodingServices: never; readonly EncodingServices: never }>(
  value: V,
  maxEntries: number
) =>
  Schema.Struct({
    set: Schema.optionalKey(map(value, maxEntries)),
    unset: Schema.optionalKey(
      Bounded.array(Key, Schema.isMaxLength(maxUnsetKeys, { message: `must list at most ${maxUnsetKeys} keys` }))
    )
  }).check(
    Schema.makeFilter(
      (patch: { readonly set?: Readonly<Record<string, unknown>>; readonly unset?: ReadonlyArray<string> }) => {
        const both = (patch.unset ?? []).filter((key) => patch.set !== undefined && key in patch.set)
        return both.length === 0 || `cannot both set and unset ${both.join(", ")}`
      }
    )
  )

/** A patch to free metadata. */
export const MetaPatch = patchOf(MetaValue, maxMetaEntries)
export type MetaPatch = typeof MetaPatch.Type

/** Merges a patch into a map: removes `unset` keys, then sets `set` keys. */
export const applyPatch = <V>(
  map: Readonly<Record<string, V>>,
  patch: { readonly set?: Readonly<Record<string, V>>; readonly unset?: ReadonlyArray<string> }
): Record<string, V> => {
  const merged: Record<string, V> = { ...map }
  for (const key of patch.unset ?? []) delete merged[key]
  return Object.assign(merged, patch.set ?? {})
}
