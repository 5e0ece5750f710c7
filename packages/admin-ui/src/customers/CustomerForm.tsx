/**
 * The customer form, for adding and editing (on the shared `useSchemaForm`). On submit the values are checked with
 * the domain's rules and every problem is shown by its field; problems only the API can find (a birth date in the
 * future, an identifier already taken) come back from `onSubmit`'s failure and land on the field their path names.
 */
import type { Customer, CustomerCreate, CustomerPatch } from "../api/Api.ts"
import { codeOf, describe } from "../api/ApiError.ts"
import { useSchemaForm } from "../form/useSchemaForm.ts"
import { SelectField, TextField } from "../ui/Field.tsx"
import { KeyValueEditor } from "../ui/KeyValueEditor.tsx"
import { AddressesEditor } from "./AddressesEditor.tsx"
import {
  blank,
  type CustomerFormValues,
  check,
  fieldOf,
  fromCustomer,
  rules,
  type ScalarField,
  toCreateInput,
  toPatch
} from "./CustomerFormValues.ts"

/** What the form asks to save: a new customer, or a patch to the edited one (none when nothing changed). */
export type CustomerSave =
  | { readonly kind: "create"; readonly input: CustomerCreate }
  | { readonly kind: "update"; readonly patch: CustomerPatch | undefined }

const customerTypes = [
  { value: "individual", label: "Individual" },
  { value: "organization", label: "Organization" }
] as const

const scalarInputs: ReadonlyArray<{
  readonly field: ScalarField
  readonly label: string
  readonly type?: "email" | "tel" | "date"
  readonly isRequired?: boolean
  readonly hint?: string
}> = [
  { field: "firstName", label: "First name", isRequired: true },
  { field: "middleName", label: "Middle name" },
  { field: "lastName", label: "Last name", isRequired: true },
  { field: "companyName", label: "Company name" },
  { field: "taxNumber", label: "Tax number" },
  { field: "identifier", label: "Identifier", hint: "Unique handle; generated when left empty." },
  { field: "email", label: "Email", type: "email" },
  { field: "phone", label: "Phone", type: "tel" },
  { field: "birthDate", label: "Birth date", type: "date" }
]

export const CustomerForm = (props: {
  /** The customer being edited; a new one is added when absent. */
  readonly customer?: Customer
  /** Saves; a rejection with the API's error is shown in the form. */
  readonly onSubmit: (save: CustomerSave) => Promise<unknown>
  readonly onCancel: () => void
}) => {
  const { customer } = props
  const isEdit = customer !== undefined
  const { form, formProps, problem, errorsOf, isSaving } = useSchemaForm<CustomerFormValues>({
    defaultValues: customer === undefined ? blank() : fromCustomer(customer),
    rules,
    toInput: toCreateInput,
    fieldOf,
    check: (values) => check(values, isEdit),
    save: (values) =>
      props.onSubmit(
        customer === undefined
          ? { kind: "create", input: toCreateInput(values) }
          : { kind: "update", patch: toPatch(customer, values) }
      ),
    describeFailure: (error) =>
      codeOf(error) === "CONFLICT" && describe(error).includes("version")
        ? "Someone else changed this customer meanwhile. Reload it and make your change again."
        : describe(error)
  })

  return (
    <form {...formProps} className="pa-form" aria-labelledby="pa-customer-form-title">
      <header className="pa-detail-header">
        <h2 id="pa-customer-form-title">{isEdit ? "Edit customer" : "Add customer"}</h2>
      </header>
      {problem !== null && (
        <p className="pa-form-problem" role="alert">
          {problem}
        </p>
      )}
      <fieldset className="pa-fieldset">
        <legend>Customer</legend>
        <div className="pa-grid">
          <form.Field name="type">
            {(field) => (
              <SelectField
                id="pa-customer-type"
                label="Type"
                value={field.state.value}
                options={customerTypes}
                errors={errorsOf("type")}
                onChange={field.handleChange}
              />
            )}
          </form.Field>
          {scalarInputs.map((input) => (
            <form.Field key={input.field} name={input.field}>
              {(field) => (
                <TextField
                  id={`pa-customer-${input.field}`}
                  label={input.label}
                  value={field.state.value}
                  errors={errorsOf(input.field)}
                  {...(input.type === undefined ? {} : { type: input.type })}
                  {...(input.isRequired === undefined ? {} : { isRequired: input.isRequired })}
                  {...(input.hint === undefined ? {} : { hint: input.hint })}
                  onChange={field.handleChange}
                />
              )}
            </form.Field>
          ))}
        </div>
      </fieldset>
      <form.Field name="addresses">
        {(field) => <AddressesEditor rows={field.state.value} errorsOf={errorsOf} onChange={field.handleChange} />}
      </form.Field>
      <form.Field name="meta">
        {(field) => (
          <KeyValueEditor
            id="pa-customer-meta"
            field="meta"
            legend="Metadata"
            noun="metadata entry"
            rows={field.state.value}
            errorsOf={errorsOf}
            onChange={field.handleChange}
          />
        )}
      </form.Field>
      <form.Field name="externalReferences">
        {(field) => (
          <KeyValueEditor
            id="pa-customer-references"
            field="externalReferences"
            legend="External references"
            noun="external reference"
            keyLabel="System"
            valueLabel="Reference"
            rows={field.state.value}
            errorsOf={errorsOf}
            onChange={field.handleChange}
          />
        )}
      </form.Field>
      <div className="pa-form-actions">
        <button type="button" className="pa-button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="pa-button pa-button-primary" disabled={isSaving}>
          {isSaving ? "Saving…" : isEdit ? "Save changes" : "Create customer"}
        </button>
      </div>
    </form>
  )
}
