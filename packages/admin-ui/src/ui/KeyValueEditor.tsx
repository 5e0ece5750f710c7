/**
 * An editor of key/value rows (metadata, external references, headers): each row's key and value are labelled
 * inputs with their problems below them; rows are added and removed with buttons.
 */
import { emptyRow, type KeyValueRow } from "../form/KeyValueRows.ts"
import { FieldProblems } from "./Field.tsx"

export const KeyValueEditor = (props: {
  readonly id: string
  /** The field's name in the form (`meta`, `externalReferences`, `headers`); a row's key is `meta[1].key`. */
  readonly field: string
  readonly legend: string
  /** What one entry is called, for labels and the add button ("metadata entry"). */
  readonly noun: string
  readonly keyLabel?: string
  readonly valueLabel?: string
  readonly rows: ReadonlyArray<KeyValueRow>
  readonly onChange: (rows: ReadonlyArray<KeyValueRow>) => void
  /** The problems of a field by its name, or undefined. */
  readonly errorsOf: (name: string) => ReadonlyArray<string> | undefined
}) => {
  const keyLabel = props.keyLabel ?? "Key"
  const valueLabel = props.valueLabel ?? "Value"
  const update = (index: number, change: Partial<KeyValueRow>) =>
    props.onChange(props.rows.map((row, i) => (i === index ? { ...row, ...change } : row)))
  return (
    <fieldset className="pa-fieldset">
      <legend>{props.legend}</legend>
      <FieldProblems id={`${props.id}-errors`} errors={props.errorsOf(props.field)} />
      {props.rows.length === 0 && <p className="pa-muted">None yet.</p>}
      {props.rows.map((row, index) => {
        const keyId = `${props.id}-${row.rowId}-key`
        const valueId = `${props.id}-${row.rowId}-value`
        const keyErrors = props.errorsOf(`${props.field}[${index}].key`)
        const valueErrors = props.errorsOf(`${props.field}[${index}].value`)
        return (
          <div key={row.rowId} className="pa-kv-row">
            <div className="pa-field">
              <label htmlFor={keyId}>
                {keyLabel} {index + 1}
              </label>
              <input
                id={keyId}
                className="pa-input"
                value={row.key}
                autoComplete="off"
                aria-invalid={keyErrors?.length ? true : undefined}
                aria-describedby={keyErrors?.length ? `${keyId}-errors` : undefined}
                onChange={(event) => update(index, { key: event.target.value })}
              />
              <FieldProblems id={`${keyId}-errors`} errors={keyErrors} />
            </div>
            <div className="pa-field">
              <label htmlFor={valueId}>
                {valueLabel} {index + 1}
              </label>
              <input
                id={valueId}
                className="pa-input"
                value={row.value}
                autoComplete="off"
                aria-invalid={valueErrors?.length ? true : undefined}
                aria-describedby={valueErrors?.length ? `${valueId}-errors` : undefined}
                onChange={(event) => update(index, { value: event.target.value })}
              />
              <FieldProblems id={`${valueId}-errors`} errors={valueErrors} />
            </div>
            <button
              type="button"
              className="pa-button pa-button-quiet pa-kv-remove"
              aria-label={`Remove ${props.noun} ${index + 1}`}
              onClick={() => props.onChange(props.rows.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
        )
      })}
      <button type="button" className="pa-button" onClick={() => props.onChange([...props.rows, emptyRow()])}>
        Add {props.noun}
      </button>
    </fieldset>
  )
}
