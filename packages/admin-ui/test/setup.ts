/**
 * Component tests run in jsdom: Testing Library cleans up after each test, and the few browser APIs jsdom lacks
 * that the UI kit calls (ResizeObserver, scrollIntoView, pointer capture) exist as no-ops.
 */
import { cleanup } from "@testing-library/react"
import { afterEach } from "vitest"

afterEach(() => cleanup())

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoResizeObserver as unknown as typeof ResizeObserver
Element.prototype.scrollIntoView ??= () => {}
Element.prototype.hasPointerCapture ??= () => false
Element.prototype.releasePointerCapture ??= () => {}
