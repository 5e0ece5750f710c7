/**
 * Where dialogs, menus and the palette are portalled: inside the admin's root element, so its scoped stylesheet
 * applies to them and nothing is styled in the host page.
 */
import { createContext, useContext } from "react"

export const PortalContainer = createContext<HTMLElement | null>(null)

/** The admin's root element, or undefined before it has mounted (Radix then falls back to `document.body`). */
export const usePortalContainer = (): HTMLElement | undefined => useContext(PortalContainer) ?? undefined
