/**
 * The admin's frame: a skip link to the screen's content (the first stop of the keyboard), the navigation between
 * screens (only those the token may read), the command palette's button, who is signed in, and sign-out.
 */
import type { ReactNode } from "react"
import { Link, useLocation } from "wouter"
import { useMe } from "../access/Permissions.tsx"
import { useSession } from "../session/Session.tsx"
import { type Screen, screens } from "./Screens.ts"

const isMac = () => /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? "")

export const Layout = (props: { readonly onOpenPalette: () => void; readonly children: ReactNode }) => {
  const me = useMe()
  const session = useSession()
  const [location] = useLocation()
  const visible = screens.filter((screen: Screen) => me.permissions.includes(screen.permission))
  return (
    <div className="pa-shell">
      {/* The main element takes focus when the browser follows the link to it (tabIndex -1). */}
      <a className="pa-skip-link" href="#pa-main">
        Skip to content
      </a>
      <header className="pa-topbar">
        <span className="pa-brand">Patron</span>
        <nav aria-label="Screens" className="pa-nav">
          {visible.map((screen) => (
            <Link
              key={screen.path}
              href={screen.path}
              className="pa-nav-link"
              aria-current={location.startsWith(screen.path) ? "page" : undefined}
            >
              {screen.title}
            </Link>
          ))}
        </nav>
        <button type="button" className="pa-palette-button" onClick={props.onOpenPalette}>
          Jump to…
          <kbd>{isMac() ? "⌘K" : "Ctrl K"}</kbd>
        </button>
        <span className="pa-whoami" title={`Tenant ${me.tenantId}, token ${me.tokenId}`}>
          Role: {me.role}
        </span>
        {session.canSignOut && (
          <button type="button" className="pa-button pa-button-quiet" onClick={() => session.signOut()}>
            Sign out
          </button>
        )}
      </header>
      <main className="pa-main" id="pa-main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  )
}
