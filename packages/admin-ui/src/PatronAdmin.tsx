/**
 * `<PatronAdmin />`: the whole admin as one component a React app can embed. It renders inside one element with the
 * class `patron-admin`, to which its stylesheet (`@patron/admin-ui/styles.css`) is scoped.
 */
import { useState } from "react"
import { Router } from "wouter"
import { CommandPalette } from "./palette/CommandPalette.tsx"
import { SessionProvider, useSession } from "./session/Session.tsx"
import { SignIn } from "./session/SignIn.tsx"
import { AdminRoutes } from "./shell/AdminRoutes.tsx"
import { Connection } from "./shell/Connection.tsx"
import { Layout } from "./shell/Layout.tsx"
import { PortalContainer } from "./ui/PortalContainer.tsx"

export interface PatronAdminProps {
  /** The Patron tRPC endpoint, e.g. `http://127.0.0.1:4000/trpc` or `/trpc` on the same origin. */
  readonly apiUrl: string
  /** An API token; without one the admin asks for it on a sign-in screen and keeps it for the browser tab. */
  readonly token?: string
  /** Where the admin is mounted in the host's URLs, e.g. `/admin`; the admin's own paths follow it. */
  readonly basePath?: string
}

export const PatronAdmin = (props: PatronAdminProps) => {
  const [root, setRoot] = useState<HTMLDivElement | null>(null)
  return (
    <div className="patron-admin" ref={setRoot}>
      <PortalContainer.Provider value={root}>
        <SessionProvider apiUrl={props.apiUrl} token={props.token}>
          <Router base={props.basePath ?? ""}>
            <SignedIn />
          </Router>
        </SessionProvider>
      </PortalContainer.Provider>
    </div>
  )
}

const SignedIn = () => {
  const session = useSession()
  const [isPaletteOpen, setIsPaletteOpen] = useState(false)
  if (session.token === null) return <SignIn />
  return (
    <Connection key={session.token} token={session.token}>
      <Layout onOpenPalette={() => setIsPaletteOpen(true)}>
        <AdminRoutes />
      </Layout>
      <CommandPalette open={isPaletteOpen} onOpenChange={setIsPaletteOpen} />
    </Connection>
  )
}
