/**
 * The customer form connected to the API: `customers.create` for a new customer, `customers.update` with the
 * customer's version (so a concurrent change is refused, not overwritten) for an edit.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type Customer, useTRPC } from "../api/Api.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { CustomerForm, type CustomerSave } from "./CustomerForm.tsx"

export const CustomerEditor = (props: {
  /** The id of the customer to edit; a new one is added when absent. */
  readonly id?: string
  readonly onSaved: (customer: Customer) => void
  readonly onCancel: () => void
}) => {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const customer = useQuery({
    ...trpc.customers.get.queryOptions({ id: props.id ?? "" }),
    enabled: props.id !== undefined
  })
  const create = useMutation(trpc.customers.create.mutationOptions())
  const update = useMutation(trpc.customers.update.mutationOptions())

  const save = async (request: CustomerSave) => {
    const saved =
      request.kind === "create"
        ? await create.mutateAsync(request.input)
        : customer.data === undefined || request.patch === undefined
          ? customer.data
          : await update.mutateAsync({
              id: customer.data.id,
              expectedVersion: customer.data.version,
              patch: request.patch
            })
    if (saved === undefined) return
    queryClient.setQueryData(trpc.customers.get.queryKey({ id: saved.id }), saved)
    void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() })
    props.onSaved(saved)
  }

  if (props.id === undefined) return <CustomerForm onSubmit={save} onCancel={props.onCancel} />
  if (customer.isPending) return <Loading label="Loading customer…" />
  if (customer.isError) return <ErrorMessage error={customer.error} onRetry={() => customer.refetch()} />
  return <CustomerForm key={customer.data.version} customer={customer.data} onSubmit={save} onCancel={props.onCancel} />
}
