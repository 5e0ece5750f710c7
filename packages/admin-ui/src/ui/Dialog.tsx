/**
 * A modal dialog (Radix Dialog): traps focus, closes on Escape, labelled by its title.
 */
import * as RadixDialog from "@radix-ui/react-dialog"
import type { ReactNode } from "react"
import { usePortalContainer } from "./PortalContainer.tsx"

export const Dialog = (props: {
  readonly open: boolean
  readonly onOpenChange: (open: boolean) => void
  readonly title: string
  readonly description?: ReactNode
  readonly wide?: boolean
  readonly children: ReactNode
}) => {
  const container = usePortalContainer()
  return (
    <RadixDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <RadixDialog.Portal container={container}>
        <RadixDialog.Overlay className="pa-overlay" />
        <RadixDialog.Content
          className={props.wide === true ? "pa-dialog pa-dialog-wide" : "pa-dialog"}
          {...(props.description === undefined ? { "aria-describedby": undefined } : {})}
        >
          <div className="pa-dialog-header">
            <RadixDialog.Title className="pa-dialog-title">{props.title}</RadixDialog.Title>
            <RadixDialog.Close className="pa-icon-button" aria-label="Close">
              ×
            </RadixDialog.Close>
          </div>
          {props.description !== undefined && (
            <RadixDialog.Description className="pa-dialog-description">{props.description}</RadixDialog.Description>
          )}
          {props.children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  )
}
