/**
 * The webhook endpoint form connected to the API: the event catalogue from `webhooks.eventTypes`, `webhooks.create`
 * (whose signing secret is handed on to be shown once) or `webhooks.update`.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useTRPC, type WebhookEndpoint } from "../api/Api.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { EndpointForm, type EndpointSave } from "./EndpointForm.tsx"

export const EndpointEditor = (props: {
  /** The id of the endpoint to edit; a new one is added when absent. */
  readonly id?: string
  /** Called with the saved endpoint, and its signing secret when it was just created. */
  readonly onSaved: (endpoint: WebhookEndpoint, secret?: string) => void
  readonly onCancel: () => void
}) => {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const eventTypes = useQuery({ ...trpc.webhooks.eventTypes.queryOptions(), staleTime: Number.POSITIVE_INFINITY })
  const endpoint = useQuery({
    ...trpc.webhooks.get.queryOptions({ id: props.id ?? "" }),
    enabled: props.id !== undefined
  })
  const create = useMutation(trpc.webhooks.create.mutationOptions())
  const update = useMutation(trpc.webhooks.update.mutationOptions())

  const save = async (request: EndpointSave) => {
    if (request.kind === "create") {
      const { secret, ...created } = await create.mutateAsync(request.input)
      return saved(created, secret)
    }
    if (endpoint.data === undefined) return
    saved(await update.mutateAsync({ id: endpoint.data.id, patch: request.patch }))
  }
  const saved = (next: WebhookEndpoint, secret?: string) => {
    queryClient.setQueryData(trpc.webhooks.get.queryKey({ id: next.id }), next)
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() })
    props.onSaved(next, secret)
  }

  if (eventTypes.isError) return <ErrorMessage error={eventTypes.error} onRetry={() => eventTypes.refetch()} />
  const form = (existing?: WebhookEndpoint) => (
    <EndpointForm
      {...(existing === undefined ? {} : { endpoint: existing })}
      eventTypes={eventTypes.data}
      onSubmit={save}
      onCancel={props.onCancel}
    />
  )
  if (props.id === undefined) return form()
  if (endpoint.isPending) return <Loading label="Loading endpoint…" />
  if (endpoint.isError) return <ErrorMessage error={endpoint.error} onRetry={() => endpoint.refetch()} />
  return form(endpoint.data)
}
