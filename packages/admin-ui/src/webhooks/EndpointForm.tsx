/**
 * The webhook endpoint form, for adding and editing: its URL, the event types it subscribes to (or all, with `*`), a
 * description and extra headers (whose stored values an edit shows hidden, and keeps unless one is typed anew). Every
 * rule is shown by its field on submit; problems the API reports come back from `onSubmit`'s failure and are shown
 * the same way.
 */
import { type FormEvent, useRef, useState } from "react"
import type { WebhookCreate, WebhookEndpoint } from "../api/Api.ts"
import { describe, issuesOf } from "../api/ApiError.ts"
import { type FieldErrors, fromIssues, hasErrors, noErrors } from "../form/FieldErrors.ts"
import { CheckboxField, FieldProblems, TextField } from "../ui/Field.tsx"
import { KeyValueEditor } from "../ui/KeyValueEditor.tsx"
import { Loading } from "../ui/States.tsx"
import {
  allEvents,
  blank,
  type EndpointFormValues,
  fromApiIssues,
  fromEndpoint,
  hasHiddenHeaders,
  toCreateInput,
  toPatch,
  validateValues
} from "./EndpointFormValues.ts"

/** What the form asks to save: a new endpoint, or a patch to the edited one. */
export type EndpointSave =
  | { readonly kind: "create"; readonly input: WebhookCreate }
  | { readonly kind: "update"; readonly patch: ReturnType<typeof toPatch> }

export const EndpointForm = (props: {
  readonly endpoint?: WebhookEndpoint
  /** The event catalogue (`webhooks.eventTypes`); undefined while it loads. */
  readonly eventTypes: ReadonlyArray<string> | undefined
  /** Saves; a rejection with the API's error is shown in the form. */
  readonly onSubmit: (save: EndpointSave) => Promise<unknown>
  readonly onCancel: () => void
}) => {
  const [values, setValues] = useState<EndpointFormValues>(() =>
    props.endpoint === undefined ? blank() : fromEndpoint(props.endpoint)
  )
  const [errors, setErrors] = useState<FieldErrors>(noErrors)
  const [problem, setProblem] = useState<string | null>(null)
  const [isSaving, setIsSaving] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const isEdit = props.endpoint !== undefined

  const showErrors = (found: FieldErrors) => {
    setErrors(found)
    setProblem("Fix the problems below and save again.")
    queueMicrotask(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus())
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found = validateValues(values, props.endpoint)
    if (hasErrors(found)) return showErrors(found)
    setErrors(noErrors)
    setProblem(null)
    setIsSaving(true)
    try {
      await props.onSubmit(
        props.endpoint === undefined
          ? { kind: "create", input: toCreateInput(values) }
          : { kind: "update", patch: toPatch(props.endpoint, values) }
      )
    } catch (error) {
      const issues = issuesOf(error)
      if (issues.length > 0) showErrors(fromApiIssues(values, fromIssues(issues)))
      else setProblem(describe(error))
    } finally {
      setIsSaving(false)
    }
  }

  const isAll = values.events.includes(allEvents)
  const toggle = (type: string, checked: boolean) =>
    setValues((current) => ({
      ...current,
      events: checked
        ? [...current.events.filter((e) => e !== allEvents), type]
        : current.events.filter((e) => e !== type)
    }))

  return (
    <form ref={formRef} className="pa-form" onSubmit={submit} noValidate aria-labelledby="pa-endpoint-form-title">
      <header className="pa-detail-header">
        <h2 id="pa-endpoint-form-title">{isEdit ? "Edit webhook endpoint" : "Add webhook endpoint"}</h2>
      </header>
      {problem !== null && (
        <p className="pa-form-problem" role="alert">
          {problem}
        </p>
      )}
      <TextField
        id="pa-endpoint-url"
        label="URL"
        type="url"
        isRequired
        placeholder="https://example.com/webhooks/patron"
        value={values.url}
        errors={errors.url}
        onChange={(url) => setValues((current) => ({ ...current, url }))}
      />
      <TextField
        id="pa-endpoint-description"
        label="Description"
        value={values.description}
        errors={errors.description}
        onChange={(description) => setValues((current) => ({ ...current, description }))}
      />
      <fieldset className="pa-fieldset" aria-describedby={errors.events ? "pa-endpoint-events-errors" : undefined}>
        <legend>Event types</legend>
        <FieldProblems id="pa-endpoint-events-errors" errors={errors.events} />
        <CheckboxField
          id="pa-endpoint-event-all"
          label="All event types (*), including future ones"
          checked={isAll}
          onChange={(checked) => setValues((current) => ({ ...current, events: checked ? [allEvents] : [] }))}
        />
        {props.eventTypes === undefined ? (
          <Loading label="Loading event types…" />
        ) : (
          <div className="pa-checkbox-grid">
            {props.eventTypes.map((type) => (
              <CheckboxField
                key={type}
                id={`pa-endpoint-event-${type}`}
                label={type}
                checked={isAll || values.events.includes(type)}
                disabled={isAll}
                onChange={(checked) => toggle(type, checked)}
              />
            ))}
          </div>
        )}
      </fieldset>
      {isEdit && hasHiddenHeaders(values) && (
        <p className="pa-muted" id="pa-endpoint-headers-hidden">
          Header values are hidden (••••). Leave a value as it is to keep it, or type a new one to replace it.
        </p>
      )}
      <KeyValueEditor
        id="pa-endpoint-headers"
        field="headers"
        legend="Extra headers"
        noun="header"
        keyLabel="Header name"
        valueLabel="Header value"
        rows={values.headers}
        errors={errors}
        onChange={(headers) => setValues((current) => ({ ...current, headers }))}
      />
      <div className="pa-form-actions">
        <button type="button" className="pa-button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="pa-button pa-button-primary" disabled={isSaving}>
          {isSaving ? "Saving…" : isEdit ? "Save changes" : "Create endpoint"}
        </button>
      </div>
    </form>
  )
}
