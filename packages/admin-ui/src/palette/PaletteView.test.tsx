import { render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { useState } from "react"
import { describe, expect, it, vi } from "vitest"
import { isPaletteShortcut, usePaletteShortcut } from "./PaletteShortcut.ts"
import { type PaletteCommand, type PaletteCustomer, PaletteView } from "./PaletteView.tsx"

const commands: ReadonlyArray<PaletteCommand> = [
  { id: "go/customers", label: "Go to Customers", group: "Go to" },
  { id: "go/webhooks", label: "Go to Webhooks", group: "Go to" },
  { id: "go/access", label: "Go to Access", group: "Go to" },
  { id: "add-customer", label: "Add customer", group: "Actions", keywords: ["new"] }
]
const ada: PaletteCustomer = { id: "cus_01JE2E0000000000000000000D", name: "Ada Lovelace", detail: "ada@example.com" }

/** The palette as the admin wires it: closed until Ctrl+K; customers found for what is typed. */
const Harness = (props: {
  readonly onCommand: (command: PaletteCommand) => void
  readonly onCustomer: (customer: PaletteCustomer) => void
}) => {
  const [open, setOpen] = useState(false)
  const [text, setText] = useState("")
  usePaletteShortcut(() => setOpen((was) => !was))
  return (
    <PaletteView
      open={open}
      onOpenChange={setOpen}
      text={text}
      onTextChange={setText}
      commands={commands}
      customers={text.toLowerCase().startsWith("ada") ? [ada] : []}
      isSearching={false}
      onCommand={(command) => {
        setOpen(false)
        props.onCommand(command)
      }}
      onCustomer={props.onCustomer}
    />
  )
}

const renderPalette = () => {
  const onCommand = vi.fn()
  const onCustomer = vi.fn()
  render(<Harness onCommand={onCommand} onCustomer={onCustomer} />)
  return { onCommand, onCustomer, user: userEvent.setup({ delay: null }) }
}

describe("isPaletteShortcut", () => {
  it("is Ctrl+K, or ⌘+K on a Mac, and nothing else", () => {
    expect(isPaletteShortcut({ key: "k", ctrlKey: true, metaKey: false, altKey: false })).toBe(true)
    expect(isPaletteShortcut({ key: "K", ctrlKey: false, metaKey: true, altKey: false })).toBe(true)
    expect(isPaletteShortcut({ key: "k", ctrlKey: false, metaKey: false, altKey: false })).toBe(false)
    expect(isPaletteShortcut({ key: "k", ctrlKey: true, metaKey: false, altKey: true })).toBe(false)
  })
})

describe("the command palette", () => {
  it("opens on Ctrl+K with the search field focused and lists the screens and actions", async () => {
    const { user } = renderPalette()
    expect(screen.queryByRole("dialog")).toBeNull()
    await user.keyboard("{Control>}k{/Control}")
    expect(screen.getByRole("dialog", { name: "Command palette" })).toBeTruthy()
    expect(document.activeElement).toBe(screen.getByRole("combobox", { name: "Search commands and customers" }))
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual([
      "Go to Customers",
      "Go to Webhooks",
      "Go to Access",
      "Add customer"
    ])
  })

  it("narrows the commands to what is typed and runs the chosen one with Enter", async () => {
    const { onCommand, user } = renderPalette()
    await user.keyboard("{Control>}k{/Control}")
    await user.keyboard("webh")
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual(["Go to Webhooks"])
    await user.keyboard("{Enter}")
    expect(onCommand).toHaveBeenCalledWith(commands[1])
    expect(screen.queryByRole("dialog")).toBeNull()
  })

  it("finds commands by their keywords", async () => {
    const { user } = renderPalette()
    await user.keyboard("{Control>}k{/Control}new")
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual(["Add customer"])
  })

  it("jumps to a customer found by part of the name", async () => {
    const { onCustomer, user } = renderPalette()
    await user.keyboard("{Control>}k{/Control}ada")
    await user.click(screen.getByRole("option", { name: /Ada Lovelace/ }))
    expect(onCustomer).toHaveBeenCalledWith(ada)
  })

  it("says when nothing matches, and closes on Escape", async () => {
    const { user } = renderPalette()
    await user.keyboard("{Control>}k{/Control}zzz")
    expect(screen.getByText("Nothing matches “zzz”.")).toBeTruthy()
    await user.keyboard("{Escape}")
    expect(screen.queryByRole("dialog")).toBeNull()
  })
})
