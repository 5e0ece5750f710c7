/**
 * Editable key/value rows for maps (customer metadata, external references, webhook headers): rows to a map and back,
 * the field of the row a problem at a map key concerns, and the `{ set, unset }` patch that merges an edit into the
 * stored map. Row fields are named as the form names them: `meta[1].key`.
 */
import type { FieldProblems } from "./useSchemaForm.ts"

export interface KeyValueRow {
  /** Identifies the row while it is edited (React key); not part of the data. */
  readonly rowId: string
  readonly key: string
  readonly value: string
}

let rowCount = 0
const nextRowId = () => `row-${++rowCount}`

/** A new, empty row. */
export const emptyRow = (): KeyValueRow => ({ rowId: nextRowId(), key: "", value: "" })

/** The rows of a stored map, in its key order. */
export const rowsOf = (map: Readonly<Record<string, string>> | undefined): ReadonlyArray<KeyValueRow> =>
  Object.entries(map ?? {}).map(([key, value]) => ({ rowId: nextRowId(), key, value }))

const isBlank = (row: KeyValueRow) => row.key.trim() === "" && row.value.trim() === ""

/** The map the rows hold; blank rows are left out, keys are trimmed. */
export const mapOf = (rows: ReadonlyArray<KeyValueRow>): Record<string, string> =>
  Object.fromEntries(rows.filter((row) => !isBlank(row)).map((row) => [row.key.trim(), row.value]))

/**
 * Problems of rows that the map cannot show: an empty key, or a key used twice (the second would overwrite the
 * first), on the row's key field (`meta[1].key`).
 */
export const rowProblems = (field: string, rows: ReadonlyArray<KeyValueRow>): FieldProblems => {
  const errors: Record<string, ReadonlyArray<string>> = {}
  const seen = new Set<string>()
  rows.forEach((row, index) => {
    if (isBlank(row)) return
    const key = row.key.trim()
    if (key === "") errors[`${field}[${index}].key`] = ["is required"]
    else if (seen.has(key)) errors[`${field}[${index}].key`] = [`repeats the key ${key}`]
    seen.add(key)
  })
  return errors
}

/**
 * The field of a problem reported at `[field, mapKey]` (by the Schema of the map, or the API): the key or the value
 * of the row holding that key, a rule on keys concerning the key. Without a map key it is the whole map's field;
 * undefined when no row holds the key.
 */
export const rowFieldOf = (
  field: string,
  rows: ReadonlyArray<KeyValueRow>,
  mapKey: string | number | undefined,
  isKeyProblem: boolean
): string | undefined => {
  if (mapKey === undefined) return field
  const index = rows.findIndex((row) => !isBlank(row) && row.key.trim() === String(mapKey))
  return index === -1 ? undefined : `${field}[${index}].${isKeyProblem ? "key" : "value"}`
}

/** The patch that turns the stored map into the edited rows: keys set (new or changed) and keys removed. */
export const patchOf = (
  stored: Readonly<Record<string, string>>,
  rows: ReadonlyArray<KeyValueRow>
): { set?: Record<string, string>; unset?: Array<string> } | undefined => {
  const edited = mapOf(rows)
  const set = Object.fromEntries(Object.entries(edited).filter(([key, value]) => stored[key] !== value))
  const unset = Object.keys(stored).filter((key) => !(key in edited))
  if (Object.keys(set).length === 0 && unset.length === 0) return undefined
  return { ...(Object.keys(set).length > 0 ? { set } : {}), ...(unset.length > 0 ? { unset } : {}) }
}
