/**
 * The actions ("…") menu of a record (Radix DropdownMenu): arrow keys move, Enter picks, Escape closes.
 */
import * as DropdownMenu from "@radix-ui/react-dropdown-menu"
import { usePortalContainer } from "./PortalContainer.tsx"

export interface Action {
  readonly label: string
  readonly onSelect: () => void
  readonly isDanger?: boolean
  readonly isDisabled?: boolean
}

export const ActionsMenu = (props: { readonly label: string; readonly actions: ReadonlyArray<Action> }) => {
  const container = usePortalContainer()
  if (props.actions.length === 0) return null
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="pa-icon-button pa-actions-trigger" aria-label={props.label}>
        …
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal container={container}>
        <DropdownMenu.Content className="pa-menu" align="end" sideOffset={4}>
          {props.actions.map((action) => (
            <DropdownMenu.Item
              key={action.label}
              className={action.isDanger === true ? "pa-menu-item pa-menu-item-danger" : "pa-menu-item"}
              disabled={action.isDisabled === true}
              onSelect={action.onSelect}
            >
              {action.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}
