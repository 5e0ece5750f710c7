/**
 * The webhook endpoint form, for adding and editing: its URL, the event types it subscribes to (or all, with `*`), a
 * description and extra headers (whose stored values an edit shows hidden, and keeps unless one is typed anew), on the
 * shared `useSchemaForm`. Every rule is shown by its field on submit; problems the API reports come back from
 * `onSubmit`'s failure and land on the field their path names.
 */
import type { WebhookCreate, WebhookEndpoint } from "../api/Api.ts"
import { useSchemaForm } from "../form/useSchemaForm.ts"
import { CheckboxField, FieldProblems, TextField } from "../ui/Field.tsx"
import { KeyValueEditor } from "../ui/KeyValueEditor.tsx"
import { Loading } from "../ui/States.tsx"
import {
  allEvents,
  blank,
  check,
  type EndpointFormValues,
  fieldOf,
  fromEndpoint,
  hasHiddenHeaders,
  rules,
  toCheckedInput,
  toCreateInput,
  toPatch
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
  const { endpoint } = props
  const isEdit = endpoint !== undefined
  const { form, formProps, problem, errorsOf, isSaving } = useSchemaForm<EndpointFormValues>({
    defaultValues: endpoint === undefined ? blank() : fromEndpoint(endpoint),
    rules,
    toInput: toCheckedInput,
    fieldOf,
    check: (values) => check(values, endpoint),
    save: (values) =>
      props.onSubmit(
        endpoint === undefined
          ? { kind: "create", input: toCreateInput(values) }
          : { kind: "update", patch: toPatch(endpoint, values) }
      )
  })
  const eventErrors = errorsOf("events")

  return (
    <form {...formProps} className="pa-form" aria-labelledby="pa-endpoint-form-title">
      <header className="pa-detail-header">
        <h2 id="pa-endpoint-form-title">{isEdit ? "Edit webhook endpoint" : "Add webhook endpoint"}</h2>
      </header>
      {problem !== null && (
        <p className="pa-form-problem" role="alert">
          {problem}
        </p>
      )}
      <form.Field name="url">
        {(field) => (
          <TextField
            id="pa-endpoint-url"
            label="URL"
            type="url"
            isRequired
            placeholder="https://example.com/webhooks/patron"
            value={field.state.value}
            errors={errorsOf("url")}
            onChange={field.handleChange}
          />
        )}
      </form.Field>
      <form.Field name="description">
        {(field) => (
          <TextField
            id="pa-endpoint-description"
            label="Description"
            value={field.state.value}
            errors={errorsOf("description")}
            onChange={field.handleChange}
          />
        )}
      </form.Field>
      <form.Field name="events">
        {(field) => {
          const events = field.state.value
          const isAll = events.includes(allEvents)
          const toggle = (type: string, checked: boolean) =>
            field.handleChange(
              checked ? [...events.filter((e) => e !== allEvents), type] : events.filter((e) => e !== type)
            )
          return (
            <fieldset className="pa-fieldset" aria-describedby={eventErrors ? "pa-endpoint-events-errors" : undefined}>
              <legend>Event types</legend>
              <FieldProblems id="pa-endpoint-events-errors" errors={eventErrors} />
              <CheckboxField
                id="pa-endpoint-event-all"
                label="All event types (*), including future ones"
                checked={isAll}
                onChange={(checked) => field.handleChange(checked ? [allEvents] : [])}
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
                      checked={isAll || events.includes(type)}
                      disabled={isAll}
                      onChange={(checked) => toggle(type, checked)}
                    />
                  ))}
                </div>
              )}
            </fieldset>
          )
        }}
      </form.Field>
      <form.Field name="headers">
        {(field) => (
          <>
            {isEdit && hasHiddenHeaders(field.state.value) && (
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
              rows={field.state.value}
              errorsOf={errorsOf}
              onChange={field.handleChange}
            />
          </>
        )}
      </form.Field>
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
