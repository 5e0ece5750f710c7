/**
 * The deliveries of an endpoint, newest first, with every attempt (when, HTTP status, duration, the first part of the
 * response, the error), redelivery by hand, and a status filter. While a delivery is pending the log refreshes itself.
 */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { useCan } from "../access/Permissions.tsx"
import { type Delivery, useTRPC } from "../api/Api.ts"
import { SelectField } from "../ui/Field.tsx"
import { dateTimeSeconds, shortId } from "../ui/Format.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"

const refreshMillis = 2_000
type StatusFilter = "" | Delivery["status"]
const statusChoices = [
  { value: "", label: "All" },
  { value: "pending", label: "Pending" },
  { value: "succeeded", label: "Succeeded" },
  { value: "failed", label: "Failed" }
] as const

export const DeliveryLog = (props: { readonly endpointId: string }) => {
  const trpc = useTRPC()
  const [status, setStatus] = useState<StatusFilter>("")
  const deliveries = useInfiniteQuery(
    trpc.webhooks.deliveries.infiniteQueryOptions(
      { endpointId: props.endpointId, limit: 20, ...(status === "" ? {} : { status }) },
      {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
        refetchInterval: (query) =>
          query.state.data?.pages.some((page) => page.items.some((d) => d.status === "pending")) ? refreshMillis : false
      }
    )
  )
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? []
  return (
    <section className="pa-section" aria-labelledby="pa-deliveries-title">
      <div className="pa-section-head">
        <h3 id="pa-deliveries-title">Delivery log</h3>
        <SelectField<StatusFilter>
          id="pa-delivery-status"
          label="Status"
          value={status}
          options={statusChoices}
          onChange={setStatus}
        />
      </div>
      {deliveries.isPending ? (
        <Loading label="Loading deliveries…" />
      ) : deliveries.isError ? (
        <ErrorMessage error={deliveries.error} onRetry={() => deliveries.refetch()} />
      ) : items.length === 0 ? (
        <p className="pa-muted">No deliveries yet. Send a test event to see one here.</p>
      ) : (
        <ol className="pa-deliveries" data-testid="delivery-log">
          {items.map((delivery) => (
            <DeliveryItem key={delivery.id} delivery={delivery} />
          ))}
        </ol>
      )}
      {deliveries.hasNextPage && (
        <button type="button" className="pa-button" onClick={() => deliveries.fetchNextPage()}>
          Show older deliveries
        </button>
      )}
    </section>
  )
}

const DeliveryItem = (props: { readonly delivery: Delivery }) => {
  const { delivery } = props
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const canRedeliver = useCan("webhooks:update")
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() })
    })
  )
  return (
    <li className="pa-card pa-delivery">
      <div className="pa-order-head">
        <p className="pa-card-title">{delivery.eventType}</p>
        <span className={`pa-badge pa-delivery-${delivery.status}`}>{delivery.status}</span>
        <p className="pa-muted">{dateTimeSeconds(delivery.createdAt)}</p>
        {canRedeliver && (
          <button
            type="button"
            className="pa-button"
            disabled={redeliver.isPending}
            onClick={() => redeliver.mutate({ deliveryId: delivery.id })}
          >
            {redeliver.isPending ? "Redelivering…" : "Redeliver"}
          </button>
        )}
      </div>
      {redeliver.isError && <ErrorMessage error={redeliver.error} />}
      {delivery.nextAttemptAt !== undefined && (
        <p className="pa-muted">Next attempt {dateTimeSeconds(delivery.nextAttemptAt)}</p>
      )}
      {delivery.attempts.length === 0 ? (
        <p className="pa-muted">No attempt yet.</p>
      ) : (
        <table className="pa-table pa-attempts">
          <caption className="pa-visually-hidden">Attempts of delivery {shortId(delivery.id)}</caption>
          <thead>
            <tr>
              <th scope="col">Attempted</th>
              <th scope="col">Status</th>
              <th scope="col" className="pa-number">
                Duration
              </th>
              <th scope="col">Response</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((attempt) => (
              <tr key={attempt.at}>
                <td>{dateTimeSeconds(attempt.at)}</td>
                <td>{attempt.status ?? "no response"}</td>
                <td className="pa-number">{attempt.durationMs} ms</td>
                <td>
                  {attempt.error !== undefined && <p className="pa-attempt-error">{attempt.error}</p>}
                  {attempt.responseSnippet !== undefined && attempt.responseSnippet !== "" && (
                    <pre className="pa-snippet">{attempt.responseSnippet}</pre>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  )
}
