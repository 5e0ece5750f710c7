/**
 * The command palette wired to the admin: screens and actions the token may use, and customers found by typing part
 * of a name (`customers.list` search on the server, debounced).
 */
import { useQuery } from "@tanstack/react-query"
import { useCallback, useEffect, useState } from "react"
import { useLocation } from "wouter"
import { useMe } from "../access/Permissions.tsx"
import { useTRPC } from "../api/Api.ts"
import { describe } from "../api/ApiError.ts"
import { customerName } from "../customers/CustomerList.tsx"
import { screens } from "../shell/Screens.ts"
import { usePaletteShortcut } from "./PaletteShortcut.ts"
import { type PaletteCommand, PaletteView } from "./PaletteView.tsx"

const debounceMillis = 200

export const CommandPalette = (props: { readonly open: boolean; readonly onOpenChange: (open: boolean) => void }) => {
  const trpc = useTRPC()
  const me = useMe()
  const [, navigate] = useLocation()
  const [text, setText] = useState("")
  const [searched, setSearched] = useState("")
  const { open, onOpenChange } = props
  usePaletteShortcut(useCallback(() => onOpenChange(!open), [open, onOpenChange]))

  useEffect(() => {
    const timer = setTimeout(() => setSearched(text.trim()), debounceMillis)
    return () => clearTimeout(timer)
  }, [text])

  const canSearch = me.permissions.includes("customers:read")
  const customers = useQuery({
    ...trpc.customers.list.queryOptions({ search: searched, limit: 8 }),
    enabled: open && canSearch && searched.length >= 2
  })

  const commands: Array<PaletteCommand & { readonly path: string }> = [
    ...screens
      .filter((screen) => me.permissions.includes(screen.permission))
      .map((screen) => ({
        id: `go${screen.path}`,
        label: `Go to ${screen.title}`,
        group: "Go to" as const,
        path: screen.path
      })),
    ...(me.permissions.includes("customers:create")
      ? [
          {
            id: "add-customer",
            label: "Add customer",
            group: "Actions" as const,
            path: "/customers/new",
            keywords: ["new", "create"]
          }
        ]
      : []),
    ...(me.permissions.includes("webhooks:create")
      ? [
          {
            id: "add-webhook",
            label: "Add webhook endpoint",
            group: "Actions" as const,
            path: "/webhooks/new",
            keywords: ["new", "create"]
          }
        ]
      : [])
  ]

  const close = (path: string) => {
    onOpenChange(false)
    setText("")
    navigate(path)
  }

  return (
    <PaletteView
      open={open}
      onOpenChange={(next) => {
        if (!next) setText("")
        onOpenChange(next)
      }}
      text={text}
      onTextChange={setText}
      commands={commands}
      customers={
        searched.length >= 2 && searched === text.trim()
          ? (customers.data?.items ?? []).map((customer) => ({
              id: customer.id,
              name: customerName(customer),
              detail: customer.companyName ?? customer.email ?? customer.identifier
            }))
          : []
      }
      isSearching={customers.isFetching || (canSearch && text.trim().length >= 2 && text.trim() !== searched)}
      searchProblem={customers.isError ? describe(customers.error) : undefined}
      onCommand={(command) => close(commands.find((c) => c.id === command.id)?.path ?? "/")}
      onCustomer={(customer) => close(`/customers/${customer.id}`)}
    />
  )
}
