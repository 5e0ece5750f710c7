/**
 * Labelled form fields: every input has a label, and its problems are listed under it and announced with it
 * (`aria-describedby`), so a screen reader hears which rule the value breaks.
 */
import type { ReactNode } from "react"

interface FieldProps {
  readonly id: string
  readonly label: string
  readonly errors?: ReadonlyArray<string> | undefined
  readonly isRequired?: boolean
  readonly hint?: string
}

const describedBy = (props: FieldProps) =>
  [props.hint === undefined ? [] : [`${props.id}-hint`], props.errors?.length ? [`${props.id}-errors`] : []]
    .flat()
    .join(" ") || undefined

const FieldFrame = (props: FieldProps & { readonly children: ReactNode }) => (
  <div className="pa-field">
    <label htmlFor={props.id}>
      {props.label}
      {props.isRequired === true && (
        <span className="pa-required" aria-hidden="true">
          {" "}
          *
        </span>
      )}
    </label>
    {props.children}
    {props.hint !== undefined && (
      <p id={`${props.id}-hint`} className="pa-hint">
        {props.hint}
      </p>
    )}
    <FieldProblems id={`${props.id}-errors`} errors={props.errors} />
  </div>
)

/** The problems of one field, or nothing. */
export const FieldProblems = (props: { readonly id: string; readonly errors?: ReadonlyArray<string> | undefined }) =>
  props.errors !== undefined && props.errors.length > 0 ? (
    <ul id={props.id} className="pa-field-error">
      {props.errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  ) : null

export const TextField = (
  props: FieldProps & {
    readonly value: string
    readonly onChange: (value: string) => void
    readonly type?: "text" | "email" | "tel" | "date" | "url" | "search"
    readonly placeholder?: string
    readonly autoComplete?: string
  }
) => (
  <FieldFrame {...props}>
    <input
      id={props.id}
      className="pa-input"
      type={props.type ?? "text"}
      value={props.value}
      placeholder={props.placeholder}
      autoComplete={props.autoComplete ?? "off"}
      aria-required={props.isRequired === true ? true : undefined}
      aria-invalid={props.errors?.length ? true : undefined}
      aria-describedby={describedBy(props)}
      onChange={(event) => props.onChange(event.target.value)}
    />
  </FieldFrame>
)

export const SelectField = <V extends string>(
  props: FieldProps & {
    readonly value: V
    readonly onChange: (value: V) => void
    readonly options: ReadonlyArray<{ readonly value: V; readonly label: string }>
  }
) => (
  <FieldFrame {...props}>
    <select
      id={props.id}
      className="pa-input"
      value={props.value}
      aria-invalid={props.errors?.length ? true : undefined}
      aria-describedby={describedBy(props)}
      onChange={(event) => props.onChange(event.target.value as V)}
    >
      {props.options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  </FieldFrame>
)

export const CheckboxField = (props: {
  readonly id: string
  readonly label: string
  readonly checked: boolean
  readonly onChange: (checked: boolean) => void
  readonly disabled?: boolean
}) => (
  <div className="pa-checkbox">
    <input
      id={props.id}
      type="checkbox"
      checked={props.checked}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.checked)}
    />
    <label htmlFor={props.id}>{props.label}</label>
  </div>
)
