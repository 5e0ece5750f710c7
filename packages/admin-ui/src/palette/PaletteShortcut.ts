/**
 * The command palette's keyboard shortcut: Ctrl+K, or ⌘+K on a Mac, toggles it from anywhere in the page.
 */
import { useEffect } from "react"

/** Whether a key press is the palette's shortcut. */
export const isPaletteShortcut = (event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): boolean =>
  event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey) && !event.altKey

/** Calls `onShortcut` when the shortcut is pressed, while the component using it is mounted. */
export const usePaletteShortcut = (onShortcut: () => void) => {
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (!isPaletteShortcut(event)) return
      event.preventDefault()
      onShortcut()
    }
    document.addEventListener("keydown", listener)
    return () => document.removeEventListener("keydown", listener)
  }, [onShortcut])
}
