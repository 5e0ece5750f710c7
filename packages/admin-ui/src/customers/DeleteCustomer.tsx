/**
 * Deleting a customer through its confirmation: `customers.deletionPreview` says what will happen, and
 * `customers.delete` (with the customer's version) runs only when confirmed.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type Customer, useTRPC } from "../api/Api.ts"
import { customerName } from "./CustomerList.tsx"
import { DeleteCustomerDialog } from "./DeleteCustomerDialog.tsx"

export const DeleteCustomer = (props: {
  readonly customer: Customer
  readonly open: boolean
  readonly onOpenChange: (open: boolean) => void
  readonly onDeleted: () => void
}) => {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const preview = useQuery({
    ...trpc.customers.deletionPreview.queryOptions({ id: props.customer.id }),
    enabled: props.open,
    staleTime: 0
  })
  const remove = useMutation(
    trpc.customers.delete.mutationOptions({
      onSuccess: () => {
        queryClient.removeQueries({ queryKey: trpc.customers.get.queryKey({ id: props.customer.id }) })
        void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() })
        props.onOpenChange(false)
        props.onDeleted()
      }
    })
  )
  return (
    <DeleteCustomerDialog
      customerName={customerName(props.customer)}
      open={props.open}
      onOpenChange={(open) => {
        if (!open) remove.reset()
        props.onOpenChange(open)
      }}
      preview={preview.data}
      previewError={preview.error}
      onRetryPreview={() => preview.refetch()}
      isDeleting={remove.isPending}
      deleteError={remove.error}
      onConfirm={() => remove.mutate({ id: props.customer.id, expectedVersion: props.customer.version })}
    />
  )
}
