/**
 * The addresses of a customer being edited: billing, delivery and other addresses, each with its fields, a type, and
 * whether it is the default of its type (at most one per type, enforced as the user ticks). A row left with every
 * field empty is not saved.
 */
import { CheckboxField, FieldProblems, SelectField, TextField } from "../ui/Field.tsx"
import { type AddressRow, type AddressType, addressFields, addressTypes, emptyAddress } from "./AddressRows.ts"

const typeLabel = (type: AddressType) => addressTypes.find((option) => option.value === type)?.label ?? type

export const AddressesEditor = (props: {
  readonly rows: ReadonlyArray<AddressRow>
  readonly onChange: (rows: ReadonlyArray<AddressRow>) => void
  /** The problems of a field by its form name (`addresses[1].postalCode`), or undefined. */
  readonly errorsOf: (name: string) => ReadonlyArray<string> | undefined
}) => {
  const update = (index: number, change: Partial<AddressRow>) =>
    props.onChange(
      props.rows.map((row, i) => {
        if (i === index) return { ...row, ...change }
        // Ticking "default" on one address unticks the other default of the same type.
        const becomesDefault = change.isDefault === true
        const type = change.type ?? props.rows[index]?.type
        return becomesDefault && row.type === type ? { ...row, isDefault: false } : row
      })
    )
  const add = (type: AddressType) =>
    props.onChange([...props.rows, emptyAddress(type, !props.rows.some((row) => row.type === type && row.isDefault))])

  return (
    <fieldset className="pa-fieldset">
      <legend>Addresses</legend>
      <FieldProblems id="pa-addresses-errors" errors={props.errorsOf("addresses")} />
      {props.rows.length === 0 && <p className="pa-muted">No addresses yet.</p>}
      {props.rows.map((row, index) => {
        const id = `pa-address-${row.rowId}`
        const errorsOf = (field: string) => props.errorsOf(`addresses[${index}].${field}`)
        return (
          <section key={row.rowId} className="pa-address-editor" aria-label={`Address ${index + 1}`}>
            <div className="pa-address-editor-head">
              <h4>
                Address {index + 1}: {typeLabel(row.type)}
              </h4>
              <button
                type="button"
                className="pa-button pa-button-quiet"
                aria-label={`Remove address ${index + 1}`}
                onClick={() => props.onChange(props.rows.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </div>
            <div className="pa-grid">
              <SelectField
                id={`${id}-type`}
                label="Type"
                value={row.type}
                options={addressTypes}
                errors={errorsOf("type")}
                onChange={(type) => update(index, { type, isDefault: false })}
              />
              <CheckboxField
                id={`${id}-default`}
                label={`Default ${typeLabel(row.type).toLowerCase()} address`}
                checked={row.isDefault}
                onChange={(isDefault) => update(index, { isDefault })}
              />
              {addressFields.map((field) => (
                <TextField
                  key={field.name}
                  id={`${id}-${field.name}`}
                  label={field.label}
                  value={row[field.name]}
                  errors={errorsOf(field.name)}
                  type={field.name === "email" ? "email" : field.name === "phone" ? "tel" : "text"}
                  onChange={(value) => update(index, { [field.name]: value })}
                />
              ))}
            </div>
          </section>
        )
      })}
      <div className="pa-button-row">
        {addressTypes.map((type) => (
          <button key={type.value} type="button" className="pa-button" onClick={() => add(type.value)}>
            Add {type.label.toLowerCase()} address
          </button>
        ))}
      </div>
    </fieldset>
  )
}
