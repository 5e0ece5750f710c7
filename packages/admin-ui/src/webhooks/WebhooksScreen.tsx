/**
 * Webhooks: the endpoints in the left-hand panel and, on the right, the selected endpoint with its delivery log, or
 * the form to add or edit one; where the two do not fit side by side, one of them at a time with a link back to the
 * list. A new or rotated signing secret is shown once, in a dialog.
 */
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { Link, Route, Switch, useLocation, useRoute } from "wouter"
import { useCan } from "../access/Permissions.tsx"
import { useTRPC } from "../api/Api.ts"
import { BackLink } from "../ui/BackLink.tsx"
import { usePaneFocus } from "../ui/PaneFocus.ts"
import { SecretReveal } from "../ui/SecretReveal.tsx"
import { Empty, ErrorMessage, Loading } from "../ui/States.tsx"
import { EndpointDetail } from "./EndpointDetail.tsx"
import { EndpointEditor } from "./EndpointEditor.tsx"

export const WebhooksScreen = () => {
  const [, navigate] = useLocation()
  const [secret, setSecret] = useState<string | null>(null)
  const canCreate = useCan("webhooks:create")
  const canUpdate = useCan("webhooks:update")
  const [, selected] = useRoute<{ id: string }>("/:id/*?")
  const [isRecord] = useRoute("/:id")
  const [isEdit] = useRoute("/:id/edit")
  const showing = isRecord || isEdit ? "record" : "list"
  const split = usePaneFocus(showing)
  return (
    <div className="pa-split" data-showing={showing} ref={split}>
      <EndpointList selectedId={selected?.id} canCreate={canCreate} onAdd={() => navigate("/new")} />
      <section className="pa-detail-panel" aria-label="Webhook endpoint details" data-pane="record" tabIndex={-1}>
        <BackLink href="/" label="Back to webhooks" />
        <Switch>
          <Route path="/new">
            {canCreate ? (
              <EndpointEditor
                onSaved={(endpoint, created) => {
                  setSecret(created ?? null)
                  navigate(`/${endpoint.id}`)
                }}
                onCancel={() => navigate("/")}
              />
            ) : (
              <Empty title="Your API token cannot add webhook endpoints." />
            )}
          </Route>
          <Route path="/:id/edit">
            {(params) =>
              canUpdate ? (
                <EndpointEditor
                  id={params.id}
                  onSaved={() => navigate(`/${params.id}`)}
                  onCancel={() => navigate(`/${params.id}`)}
                />
              ) : (
                <Empty title="Your API token cannot edit webhook endpoints." />
              )
            }
          </Route>
          <Route path="/:id">
            {(params) => (
              <EndpointDetail
                key={params.id}
                id={params.id}
                onEdit={() => navigate(`/${params.id}/edit`)}
                onDeleted={() => navigate("/")}
                onSecret={setSecret}
              />
            )}
          </Route>
          <Route>
            <Empty title="Select a webhook endpoint">
              <p className="pa-muted">Endpoints receive signed events when customers, orders or contracts change.</p>
            </Empty>
          </Route>
        </Switch>
      </section>
      <SecretReveal
        title="Signing secret"
        secret={secret}
        explanation="Receivers verify each delivery's signature with this secret."
        onClose={() => setSecret(null)}
      />
    </div>
  )
}

const EndpointList = (props: {
  readonly selectedId: string | undefined
  readonly canCreate: boolean
  readonly onAdd: () => void
}) => {
  const trpc = useTRPC()
  const endpoints = useQuery(trpc.webhooks.list.queryOptions({ limit: 200 }))
  return (
    <div className="pa-list-panel" data-pane="list" tabIndex={-1}>
      <div className="pa-list-head">
        <h2>Webhooks</h2>
        {props.canCreate && (
          <button type="button" className="pa-button pa-button-primary" onClick={props.onAdd}>
            + Add endpoint
          </button>
        )}
      </div>
      {endpoints.isPending ? (
        <Loading label="Loading endpoints…" />
      ) : endpoints.isError ? (
        <ErrorMessage error={endpoints.error} onRetry={() => endpoints.refetch()} />
      ) : endpoints.data.items.length === 0 ? (
        <Empty title="No webhook endpoints yet" />
      ) : (
        <ul className="pa-plain-list">
          {endpoints.data.items.map((endpoint) => (
            <li key={endpoint.id}>
              <Link
                href={`/${endpoint.id}`}
                className="pa-list-link"
                aria-current={endpoint.id === props.selectedId ? "page" : undefined}
              >
                <span className="pa-list-title">{endpoint.url}</span>
                <span className="pa-list-subtitle">
                  {endpoint.enabled ? "" : "Disabled · "}
                  {endpoint.events.includes("*") ? "All events" : `${endpoint.events.length} event types`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
