/**
 * The customer form, for adding and editing. On submit the values are checked with the domain's rules and every
 * problem is shown by its field; problems only the API can find (a birth date in the future, an identifier already
 * taken) come back from `onSubmit`'s failure and are shown the same way.
 */
import { type FormEvent, useRef, useState } from "react"
import type { Customer, CustomerCreate, CustomerPatch } from "../api/Api.ts"
import { codeOf, describe, issuesOf } from "../api/ApiError.ts"
import { type FieldErrors, fromIssues, hasErrors, noErrors } from "../form/FieldErrors.ts"
import { SelectField, TextField } from "../ui/Field.tsx"
import { KeyValueEditor } from "../ui/KeyValueEditor.tsx"
import { AddressesEditor } from "./AddressesEditor.tsx"
import {
  blank,
  type CustomerFormValues,
  fromApiIssues,
  fromCustomer,
  type ScalarField,
  toCreateInput,
  toPatch,
  validateValues
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
  const isEdit = props.customer !== undefined
  const [values, setValues] = useState<CustomerFormValues>(() =>
    props.customer === undefined ? blank() : fromCustomer(props.customer)
  )
  const [errors, setErrors] = useState<FieldErrors>(noErrors)
  const [problem, setProblem] = useState<string | null>(null)
  const [isSaving, setIsSaving] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)

  const showErrors = (found: FieldErrors) => {
    setErrors(found)
    setProblem(`Fix the ${Object.keys(found).length === 1 ? "problem" : "problems"} below and save again.`)
    // Move focus to the first field that has a problem, so keyboard and screen reader users land on it.
    queueMicrotask(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus())
  }
  const failed = (error: unknown) => {
    const issues = issuesOf(error)
    if (issues.length > 0) return showErrors(fromApiIssues(values, fromIssues(issues)))
    setProblem(
      codeOf(error) === "CONFLICT" && describe(error).includes("version")
        ? "Someone else changed this customer meanwhile. Reload it and make your change again."
        : describe(error)
    )
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found = validateValues(values, isEdit)
    if (hasErrors(found)) return showErrors(found)
    setErrors(noErrors)
    setProblem(null)
    setIsSaving(true)
    try {
      await props.onSubmit(
        props.customer === undefined
          ? { kind: "create", input: toCreateInput(values) }
          : { kind: "update", patch: toPatch(props.customer, values) }
      )
    } catch (error) {
      failed(error)
    } finally {
      setIsSaving(false)
    }
  }

  const set = <K extends keyof CustomerFormValues>(key: K, value: CustomerFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }))

  return (
    <form ref={formRef} className="pa-form" onSubmit={submit} noValidate aria-labelledby="pa-customer-form-title">
      <header className="pa-detail-header">
        <h2 id="pa-customer-form-title">{isEdit ? "Edit customer" : "Add customer"}</h2>
      </header>
      {problem !== null && (
        <p className="pa-form-problem" role="alert">
          {problem}
          {errors[""] !== undefined && ` ${errors[""].join(" ")}`}
        </p>
      )}
      <fieldset className="pa-fieldset">
        <legend>Customer</legend>
        <div className="pa-grid">
          <SelectField
            id="pa-customer-type"
            label="Type"
            value={values.type}
            options={customerTypes}
            errors={errors.type}
            onChange={(type) => set("type", type)}
          />
          {scalarInputs.map((input) => (
            <TextField
              key={input.field}
              id={`pa-customer-${input.field}`}
              label={input.label}
              value={values[input.field]}
              errors={errors[input.field]}
              {...(input.type === undefined ? {} : { type: input.type })}
              {...(input.isRequired === undefined ? {} : { isRequired: input.isRequired })}
              {...(input.hint === undefined ? {} : { hint: input.hint })}
              onChange={(value) => set(input.field, value)}
            />
          ))}
        </div>
      </fieldset>
      <AddressesEditor rows={values.addresses} errors={errors} onChange={(rows) => set("addresses", rows)} />
      <KeyValueEditor
        id="pa-customer-meta"
        field="meta"
        legend="Metadata"
        noun="metadata entry"
        rows={values.meta}
        errors={errors}
        onChange={(rows) => set("meta", rows)}
      />
      <KeyValueEditor
        id="pa-customer-references"
        field="externalReferences"
        legend="External references"
        noun="external reference"
        keyLabel="System"
        valueLabel="Reference"
        rows={values.externalReferences}
        errors={errors}
        onChange={(rows) => set("externalReferences", rows)}
      />
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
