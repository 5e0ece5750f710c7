/**
 * A confirmation (Radix AlertDialog) for destructive actions: states what will happen, focuses Cancel first, closes
 * on Escape, and keeps itself open while the action runs so a failure can be shown in it.
 */
import * as AlertDialog from "@radix-ui/react-alert-dialog"
import type { ReactNode } from "react"
import { usePortalContainer } from "./PortalContainer.tsx"

export const ConfirmDialog = (props: {
  readonly open: boolean
  readonly onOpenChange: (open: boolean) => void
  readonly title: string
  readonly description: ReactNode
  readonly confirmLabel: string
  readonly isWorking?: boolean
  readonly isConfirmDisabled?: boolean
  readonly onConfirm: () => void
  readonly children?: ReactNode
}) => {
  const container = usePortalContainer()
  return (
    <AlertDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <AlertDialog.Portal container={container}>
        <AlertDialog.Overlay className="pa-overlay" />
        <AlertDialog.Content className="pa-dialog">
          <AlertDialog.Title className="pa-dialog-title">{props.title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="pa-dialog-description">{props.description}</div>
          </AlertDialog.Description>
          {props.children}
          <div className="pa-dialog-actions">
            <AlertDialog.Cancel className="pa-button">Cancel</AlertDialog.Cancel>
            <button
              type="button"
              className="pa-button pa-button-danger"
              disabled={props.isWorking === true || props.isConfirmDisabled === true}
              onClick={props.onConfirm}
            >
              {props.isWorking === true ? "Working…" : props.confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  )
}
