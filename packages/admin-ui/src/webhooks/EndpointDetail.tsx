/**
 * One webhook endpoint: its URL, event types, headers and state; sending a test event; the actions menu (edit,
 * enable or disable, rotate the signing secret, delete); and its delivery log.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useCan } from "../access/Permissions.tsx"
import { useTRPC, type WebhookEndpoint } from "../api/Api.ts"
import { ActionsMenu } from "../ui/ActionsMenu.tsx"
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx"
import { dateTime } from "../ui/Format.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { DeliveryLog } from "./DeliveryLog.tsx"

export const EndpointDetail = (props: {
  readonly id: string
  readonly onEdit: () => void
  readonly onDeleted: () => void
  readonly onSecret: (secret: string) => void
}) => {
  const trpc = useTRPC()
  const endpoint = useQuery(trpc.webhooks.get.queryOptions({ id: props.id }))
  if (endpoint.isPending) return <Loading label="Loading endpoint…" />
  if (endpoint.isError) return <ErrorMessage error={endpoint.error} onRetry={() => endpoint.refetch()} />
  return <EndpointView {...props} endpoint={endpoint.data} />
}

const EndpointView = (props: {
  readonly endpoint: WebhookEndpoint
  readonly onEdit: () => void
  readonly onDeleted: () => void
  readonly onSecret: (secret: string) => void
}) => {
  const { endpoint } = props
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const canUpdate = useCan("webhooks:update")
  const canDelete = useCan("webhooks:delete")
  const [isDeleting, setIsDeleting] = useState(false)
  const saved = (next: WebhookEndpoint) => {
    queryClient.setQueryData(trpc.webhooks.get.queryKey({ id: next.id }), next)
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() })
  }
  const refreshLog = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() })
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: saved }))
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: (r) => props.onSecret(r.secret) }))
  const test = useMutation(trpc.webhooks.test.mutationOptions({ onSuccess: refreshLog }))
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() })
        setIsDeleting(false)
        props.onDeleted()
      }
    })
  )
  const failure = update.error ?? rotate.error ?? test.error

  return (
    <article className="pa-detail" aria-labelledby="pa-endpoint-title">
      <header className="pa-detail-header">
        <div>
          <h2 id="pa-endpoint-title" className="pa-break">
            {endpoint.url}
          </h2>
          <p className="pa-muted">
            <span className={`pa-badge ${endpoint.enabled ? "pa-delivery-succeeded" : "pa-delivery-failed"}`}>
              {endpoint.enabled ? "Enabled" : "Disabled"}
            </span>{" "}
            {endpoint.description}
          </p>
        </div>
        <div className="pa-button-row">
          {canUpdate && (
            <button
              type="button"
              className="pa-button pa-button-primary"
              disabled={test.isPending}
              onClick={() => test.mutate({ id: endpoint.id })}
            >
              {test.isPending ? "Sending…" : "Send test event"}
            </button>
          )}
          <ActionsMenu
            label="Endpoint actions"
            actions={[
              ...(canUpdate
                ? [
                    { label: "Edit", onSelect: props.onEdit },
                    {
                      label: endpoint.enabled ? "Disable" : "Enable",
                      onSelect: () => update.mutate({ id: endpoint.id, patch: { enabled: !endpoint.enabled } })
                    },
                    { label: "Rotate secret", onSelect: () => rotate.mutate({ id: endpoint.id }) }
                  ]
                : []),
              ...(canDelete ? [{ label: "Delete", onSelect: () => setIsDeleting(true), isDanger: true }] : [])
            ]}
          />
        </div>
      </header>
      {failure !== null && <ErrorMessage error={failure} />}
      {test.isSuccess && (
        <p className="pa-notice" role="status">
          Test event queued: it appears in the delivery log below.
        </p>
      )}
      <section className="pa-section" aria-labelledby="pa-endpoint-facts">
        <h3 id="pa-endpoint-facts">Subscription</h3>
        <dl className="pa-facts">
          <div className="pa-fact">
            <dt>Event types</dt>
            <dd>{endpoint.events.includes("*") ? "All event types (*)" : endpoint.events.join(", ")}</dd>
          </div>
          <div className="pa-fact">
            <dt>Extra headers</dt>
            <dd>{Object.keys(endpoint.headers ?? {}).join(", ") || "None"}</dd>
          </div>
          <div className="pa-fact">
            <dt>Created</dt>
            <dd>{dateTime(endpoint.createdAt)}</dd>
          </div>
          <div className="pa-fact">
            <dt>Signing</dt>
            <dd>Standard Webhooks (HMAC-SHA256); rotating keeps the old secret valid for 24 hours.</dd>
          </div>
        </dl>
      </section>
      <DeliveryLog endpointId={endpoint.id} />
      <ConfirmDialog
        open={isDeleting}
        onOpenChange={setIsDeleting}
        title="Delete this webhook endpoint?"
        description={<p>Patron stops delivering events to {endpoint.url}. Its delivery log is deleted with it.</p>}
        confirmLabel="Delete endpoint"
        isWorking={remove.isPending}
        onConfirm={() => remove.mutate({ id: endpoint.id })}
      >
        {remove.isError && <ErrorMessage error={remove.error} />}
      </ConfirmDialog>
    </article>
  )
}
