/**
 * What the signed-in token may do, from `access.me`: screens and buttons its role does not allow are hidden or
 * disabled with `useCan`.
 */
import type { Permission } from "@patron/domain"
import { createContext, type ReactNode, useContext } from "react"
import type { Me } from "../api/Api.ts"

const MeContext = createContext<Me | null>(null)

export const MeProvider = (props: { readonly me: Me; readonly children: ReactNode }) => (
  <MeContext.Provider value={props.me}>{props.children}</MeContext.Provider>
)

/** Who is signed in: the tenant, the token and its role. */
export const useMe = (): Me => {
  const me = useContext(MeContext)
  if (me === null) throw new Error("useMe is used before access.me has answered")
  return me
}

/** Whether the signed-in token holds the permission. */
export const useCan = (permission: Permission.Permission): boolean => useMe().permissions.includes(permission)

/** Renders its children only when the token holds the permission. */
export const Can = (props: { readonly permission: Permission.Permission; readonly children: ReactNode }) =>
  useCan(props.permission) ? props.children : null
