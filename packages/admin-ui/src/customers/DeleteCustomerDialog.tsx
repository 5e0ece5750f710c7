/**
 * The confirmation of a customer's deletion: it states what will happen (how many orders are kept, how many
 * subscription contracts are deleted), and the delete button works only once that is known.
 */
import type { DeletionPreview } from "../api/Api.ts"
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { deletionSummary } from "./DeletionSummary.ts"

export const DeleteCustomerDialog = (props: {
  readonly customerName: string
  readonly open: boolean
  readonly onOpenChange: (open: boolean) => void
  /** What the deletion would do; undefined while it is being found out. */
  readonly preview: DeletionPreview | undefined
  readonly previewError?: unknown
  readonly onRetryPreview?: () => void
  readonly isDeleting: boolean
  readonly deleteError?: unknown
  readonly onConfirm: () => void
}) => (
  <ConfirmDialog
    open={props.open}
    onOpenChange={props.onOpenChange}
    title={`Delete ${props.customerName}?`}
    description={
      props.previewError !== undefined && props.previewError !== null ? (
        <ErrorMessage
          error={props.previewError}
          {...(props.onRetryPreview === undefined ? {} : { onRetry: props.onRetryPreview })}
        />
      ) : props.preview === undefined ? (
        <Loading label="Checking what the deletion would do…" />
      ) : (
        <>
          <p className="pa-deletion-summary">{deletionSummary(props.preview)}</p>
          <p className="pa-muted">Kept orders still show the customer as it was when they were placed.</p>
          <p className="pa-muted">This cannot be undone.</p>
        </>
      )
    }
    confirmLabel="Delete customer"
    isWorking={props.isDeleting}
    isConfirmDisabled={props.preview === undefined}
    onConfirm={props.onConfirm}
  >
    {props.deleteError !== undefined && props.deleteError !== null && <ErrorMessage error={props.deleteError} />}
  </ConfirmDialog>
)
