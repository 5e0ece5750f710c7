/**
 * The admin's one form lifecycle, on TanStack Form: the values live in the form, a save is checked first with the
 * domain Schema the API decodes with (as a Standard Schema), and every problem, the Schema's or the API's
 * (`data.issues: [{ path, message }]`), lands on the field its path names. A path that names no field of the form
 * is shown in the form-level message. Focus goes to the first field when the form opens, and to the first field
 * with a problem, scrolled into view, when a save is refused.
 */
import { useForm, useStore } from "@tanstack/react-form"
import { Schema } from "effect"
import { type FormEvent, type RefObject, useEffect, useRef, useState } from "react"
import { describe, issuesOf } from "../api/ApiError.ts"

/** A path in an input, as the Schema and the API report it. */
export type Path = ReadonlyArray<string | number>

/** One problem at a path. */
export interface PathIssue {
  readonly path: Path
  readonly message: string
}

/** Problems by form field name (TanStack's `addresses[1].postalCode`). */
export type FieldProblems = Readonly<Record<string, ReadonlyArray<string>>>

/** A domain Schema as a Standard Schema validator, reporting every problem (not just the first). */
export const rulesOf = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) =>
  Schema.toStandardSchemaV1(schema, { parseOptions: { errors: "all" } })

interface StandardRules {
  readonly "~standard": {
    readonly validate: (value: unknown) => unknown
  }
}

interface StandardResult {
  readonly issues?: ReadonlyArray<{
    readonly message: string
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>
  }>
}

/** The problems of an input under Standard Schema rules (the domain Schemas decode synchronously). */
export const issuesUnder = (rules: StandardRules, input: unknown): ReadonlyArray<PathIssue> => {
  const result = rules["~standard"].validate(input) as StandardResult
  return (result.issues ?? []).map((issue) => ({
    path: (issue.path ?? []).map((segment) => {
      const key = typeof segment === "object" ? segment.key : segment
      return typeof key === "number" ? key : String(key)
    }),
    message: issue.message
  }))
}

// Schema's own wording for an absent required field; people read "is required".
const readable = (message: string) => (message === "Missing key" ? "is required" : message)

/** What a refusal shows: messages by field name, and the ones no field can hold (named so TanStack keeps it whole). */
export interface Refusal {
  readonly byField: FieldProblems
  readonly unplaced: ReadonlyArray<string>
}

/** Places issues on fields by their path; `fieldOf` names the field a path concerns, or undefined for none. */
export const place = (issues: ReadonlyArray<PathIssue>, fieldOf: (issue: PathIssue) => string | undefined): Refusal => {
  const fields: Record<string, Array<string>> = {}
  const unplaced: Array<string> = []
  for (const issue of issues) {
    const name = fieldOf(issue)
    const message = readable(issue.message)
    if (name === undefined) {
      const text = issue.path.length === 0 ? message : `${issue.path.join(".")} ${message}`
      if (!unplaced.includes(text)) unplaced.push(text)
      continue
    }
    const messages = fields[name] ?? []
    if (!messages.includes(message)) messages.push(message)
    fields[name] = messages
  }
  return { byField: fields, unplaced }
}

/** Adds problems found by other checks to a refusal. */
export const withProblems = (refusal: Refusal, more: FieldProblems): Refusal => {
  const fields: Record<string, Array<string>> = {}
  for (const found of [refusal.byField, more])
    for (const [name, messages] of Object.entries(found)) fields[name] = [...(fields[name] ?? []), ...messages]
  return { byField: fields, unplaced: refusal.unplaced }
}

const isRefused = (refusal: Refusal) => refusal.unplaced.length > 0 || Object.keys(refusal.byField).length > 0

const summary = (refusal: Refusal) => {
  const count = Object.values(refusal.byField).reduce((sum, messages) => sum + messages.length, 0)
  const fix = count === 0 ? "" : `Fix the ${count === 1 ? "problem" : "problems"} below and save again.`
  return [fix, ...refusal.unplaced].filter((text) => text !== "").join(" ")
}

const fieldSelector = "input:not([disabled]):not([type='hidden']), select:not([disabled]), textarea:not([disabled])"

/** Moves focus to the form's first field. */
export const focusFirstField = (form: HTMLElement | null) => form?.querySelector<HTMLElement>(fieldSelector)?.focus()

/** Moves focus to the form's first field with a problem and scrolls it into view. */
export const focusFirstProblem = (form: HTMLElement | null) => {
  const invalid = form?.querySelector<HTMLElement>("[aria-invalid='true']")
  if (invalid === null || invalid === undefined) return
  invalid.focus({ preventScroll: true })
  invalid.scrollIntoView?.({ block: "center" })
}

export interface SchemaFormOptions<Values> {
  /** The values the form opens with (read on the first render only). */
  readonly defaultValues: Values
  /** The domain rules (from `rulesOf`), checked on what the values would send. */
  readonly rules: StandardRules
  /** What the values would send, as the rules see it. */
  readonly toInput: (values: Values) => unknown
  /** The field a problem names by its path, for the Schema's paths and the API's; undefined when none holds it. */
  readonly fieldOf: (issue: PathIssue, values: Values) => string | undefined
  /** Problems the Schema cannot see (a key used twice), by field name. */
  readonly check?: (values: Values) => FieldProblems
  /** Saves; a rejection is the API's refusal, shown in the form. */
  readonly save: (values: Values) => Promise<unknown>
  /** The sentence for a failure without issues; the API's own description by default. */
  readonly describeFailure?: (error: unknown) => string
}

/** Every problem of the values before they are sent: the domain rules' by the field their path names, and the checks'. */
export const checkValues = <Values>(
  options: Pick<SchemaFormOptions<Values>, "rules" | "toInput" | "fieldOf" | "check">,
  values: Values
): Refusal =>
  withProblems(
    place(issuesUnder(options.rules, options.toInput(values)), (issue) => options.fieldOf(issue, values)),
    options.check?.(values) ?? {}
  )

/**
 * A form over domain rules: render its fields (rows included) with `form.Field`, read a field's
 * problems with `errorsOf(name)`, and give `formProps` to the `<form>`. The refusal (the Schema's or the API's) is the
 * form's `onSubmit` error, one record by field name, so row fields that come and go need no registration of their own;
 * the next save runs the checks anew and replaces it.
 */
export const useSchemaForm = <Values>(options: SchemaFormOptions<Values>) => {
  const formRef = useRef<HTMLFormElement>(null)
  const [refusals, setRefusals] = useState(0)
  const placeAll = (issues: ReadonlyArray<PathIssue>, values: Values) =>
    place(issues, (issue) => options.fieldOf(issue, values))

  // The values the form opened with, kept: rows made anew on a later render (new row ids) must not reset the form.
  const [defaultValues] = useState(options.defaultValues)
  const form = useForm({
    defaultValues,
    // A refused form can be saved again: every save runs the checks anew.
    canSubmitWhenInvalid: true,
    validators: {
      onSubmit: ({ value }: { value: Values }): Refusal | undefined => {
        const found = checkValues(options, value)
        return isRefused(found) ? found : undefined
      }
    },
    onSubmitInvalid: () => setRefusals((count) => count + 1),
    onSubmit: async ({ value, formApi }) => {
      try {
        await options.save(value)
      } catch (error) {
        const issues = issuesOf(error)
        const refusal: Refusal =
          issues.length > 0
            ? placeAll(issues, value)
            : { byField: {}, unplaced: [(options.describeFailure ?? describe)(error)] }
        formApi.setErrorMap({ onSubmit: refusal })
        setRefusals((count) => count + 1)
      }
    }
  })

  useFocusOnOpen(formRef)
  useEffect(() => {
    if (refusals > 0) focusFirstProblem(formRef.current)
  }, [refusals])

  const refusal = useStore(form.store, (state) => state.errorMap.onSubmit as Refusal | undefined)
  const isSaving = useStore(form.store, (state) => state.isSubmitting)
  const fields = refusal?.byField ?? {}

  return {
    form,
    isSaving,
    /** The form-level message of the last refusal, or null. */
    problem: refusal === undefined ? null : summary(refusal) || null,
    /** The problems of a field by its name (`addresses[1].postalCode`), or undefined. */
    errorsOf: (name: string): ReadonlyArray<string> | undefined => fields[name],
    formProps: {
      ref: formRef,
      noValidate: true,
      onSubmit: (event: FormEvent) => {
        event.preventDefault()
        event.stopPropagation()
        void form.handleSubmit()
      }
    }
  }
}

/** Focuses the first field of a form once it is on screen. */
export const useFocusOnOpen = (formRef: RefObject<HTMLElement | null>) => {
  useEffect(() => focusFirstField(formRef.current), [formRef])
}
