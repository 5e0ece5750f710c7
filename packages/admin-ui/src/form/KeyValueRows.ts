/**
 * Editable key/value rows for maps (customer metadata, external references, webhook headers): rows to a map and back,
 * problems moved from a map key to its row, and the `{ set, unset }` patch that merges an edit into the stored map.
 */
import type { FieldErrors } from "./FieldErrors.ts"

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
 * first), keyed `field.index.key`.
 */
export const rowProblems = (field: string, rows: ReadonlyArray<KeyValueRow>): FieldErrors => {
  const errors: Record<string, ReadonlyArray<string>> = {}
  const seen = new Set<string>()
  rows.forEach((row, index) => {
    if (isBlank(row)) return
    const key = row.key.trim()
    if (key === "") errors[`${field}.${index}.key`] = ["is required"]
    else if (seen.has(key)) errors[`${field}.${index}.key`] = [`repeats the key ${key}`]
    seen.add(key)
  })
  return errors
}

/**
 * Moves problems reported at `field.<map key>` (by the Schema of the map) to `field.<row index>.key` or
 * `.value` for the row holding that key: a rule on keys concerns the key, any other the value.
 */
export const toRowErrors = (
  field: string,
  rows: ReadonlyArray<KeyValueRow>,
  errors: FieldErrors,
  isKeyProblem: (message: string) => boolean
): FieldErrors => {
  const moved: Record<string, Array<string>> = {}
  for (const [path, messages] of Object.entries(errors)) {
    const index = path.startsWith(`${field}.`)
      ? rows.findIndex((row) => row.key.trim() === path.slice(field.length + 1))
      : -1
    if (index === -1) {
      moved[path] = [...(moved[path] ?? []), ...messages]
      continue
    }
    for (const message of messages) {
      const target = `${field}.${index}.${isKeyProblem(message) ? "key" : "value"}`
      moved[target] = [...(moved[target] ?? []), message]
    }
  }
  return moved
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
