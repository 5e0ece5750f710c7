/**
 * The command palette (cmdk in a focus-trapping dialog): commands filtered as the user types, and customers found by
 * the server's search. Arrow keys move, Enter runs, Escape closes.
 */
import { DialogTitle } from "@radix-ui/react-dialog"
import { Command } from "cmdk"
import { usePortalContainer } from "../ui/PortalContainer.tsx"

export interface PaletteCommand {
  readonly id: string
  readonly label: string
  readonly group: "Go to" | "Actions"
  readonly keywords?: ReadonlyArray<string>
}

export interface PaletteCustomer {
  readonly id: string
  readonly name: string
  readonly detail: string
}

/** The commands whose label or keywords contain the typed text. */
export const matchingCommands = (commands: ReadonlyArray<PaletteCommand>, text: string) => {
  const needle = text.trim().toLowerCase()
  if (needle === "") return commands
  return commands.filter((command) =>
    [command.label, ...(command.keywords ?? [])].some((word) => word.toLowerCase().includes(needle))
  )
}

export const PaletteView = (props: {
  readonly open: boolean
  readonly onOpenChange: (open: boolean) => void
  readonly text: string
  readonly onTextChange: (text: string) => void
  readonly commands: ReadonlyArray<PaletteCommand>
  readonly customers: ReadonlyArray<PaletteCustomer>
  readonly isSearching: boolean
  readonly searchProblem?: string | undefined
  readonly onCommand: (command: PaletteCommand) => void
  readonly onCustomer: (customer: PaletteCustomer) => void
}) => {
  const container = usePortalContainer()
  const commands = matchingCommands(props.commands, props.text)
  const groups = (["Go to", "Actions"] as const).map((group) => ({
    group,
    items: commands.filter((command) => command.group === group)
  }))
  return (
    <Command.Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      // cmdk labels its search field with this (the dialog is labelled by its title).
      label="Search commands and customers"
      shouldFilter={false}
      {...(container === undefined ? {} : { container })}
      overlayClassName="pa-overlay"
      contentClassName="pa-dialog pa-palette"
    >
      <DialogTitle className="pa-visually-hidden">Command palette</DialogTitle>
      <Command.Input
        className="pa-input pa-palette-input"
        placeholder="Go to a screen, add a customer, or type a customer's name…"
        value={props.text}
        onValueChange={props.onTextChange}
      />
      <Command.List className="pa-palette-list">
        {groups.map(({ group, items }) =>
          items.length === 0 ? null : (
            <Command.Group key={group} heading={group} className="pa-palette-group">
              {items.map((command) => (
                <Command.Item
                  key={command.id}
                  value={command.id}
                  className="pa-palette-item"
                  onSelect={() => props.onCommand(command)}
                >
                  {command.label}
                </Command.Item>
              ))}
            </Command.Group>
          )
        )}
        {props.customers.length > 0 && (
          <Command.Group heading="Customers" className="pa-palette-group">
            {props.customers.map((customer) => (
              <Command.Item
                key={customer.id}
                value={customer.id}
                className="pa-palette-item"
                onSelect={() => props.onCustomer(customer)}
              >
                <span>{customer.name}</span>
                <span className="pa-muted">{customer.detail}</span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {props.isSearching && <Command.Loading className="pa-palette-note">Searching customers…</Command.Loading>}
        {props.searchProblem !== undefined && <div className="pa-palette-note">{props.searchProblem}</div>}
        {!props.isSearching && commands.length === 0 && props.customers.length === 0 && (
          <div className="pa-palette-note">Nothing matches “{props.text}”.</div>
        )}
      </Command.List>
    </Command.Dialog>
  )
}
