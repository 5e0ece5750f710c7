/**
 * Where the list and the record take turns on the screen (a narrow admin, see narrow.css), opening a record hides the
 * link that opened it and "Back" hides itself: focus would be left on nothing shown, and the keyboard and screen
 * readers would start again from the top. When the turn changes and focus is lost so, it goes to the pane now shown
 * (the element marked `data-pane` "list" or "record", focusable by script). Side by side, nothing hides and nothing
 * moves.
 */
import { useEffect, useRef } from "react"

export type Showing = "list" | "record"

/** A ref for the element holding both panes. */
export const usePaneFocus = (showing: Showing) => {
  const split = useRef<HTMLDivElement>(null)
  const previous = useRef(showing)
  useEffect(() => {
    if (previous.current === showing) return
    previous.current = showing
    const element = split.current
    const active = document.activeElement
    const isLost =
      active === null ||
      active === document.body ||
      (element?.contains(active) === true && active.getClientRects().length === 0)
    if (!isLost) return
    element?.querySelector<HTMLElement>(`[data-pane="${showing}"]`)?.focus({ preventScroll: true })
  }, [showing])
  return split
}
