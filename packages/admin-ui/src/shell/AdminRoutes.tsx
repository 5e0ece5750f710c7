/**
 * The admin's screens by path; a screen the token may not read says so instead of failing, and `/` opens the first
 * screen the token may read.
 */
import type { ReactNode } from "react"
import { Redirect, Route, Switch } from "wouter"
import { useMe } from "../access/Permissions.tsx"
import { CustomersScreen } from "../customers/CustomersScreen.tsx"
import { lazyNamed } from "../ui/Lazy.tsx"
import { Empty } from "../ui/States.tsx"
import { ErrorBoundary } from "./ErrorBoundary.tsx"
import { type Screen, screens } from "./Screens.ts"

const WebhooksScreen = lazyNamed(async () => (await import("../webhooks/WebhooksScreen.tsx")).WebhooksScreen)
const AccessScreen = lazyNamed(async () => (await import("../access/AccessScreen.tsx")).AccessScreen)

const components: Record<Screen["path"], (props: object) => ReactNode> = {
  "/customers": CustomersScreen,
  "/webhooks": WebhooksScreen,
  "/access": AccessScreen
}

export const AdminRoutes = () => {
  const me = useMe()
  const allowed = screens.filter((screen) => me.permissions.includes(screen.permission))
  return (
    <Switch>
      {screens.map((screen) => {
        const Screen = components[screen.path]
        return (
          <Route key={screen.path} path={screen.path} nest>
            <ErrorBoundary>
              {me.permissions.includes(screen.permission) ? (
                <Screen />
              ) : (
                <Empty title={`Your API token cannot see ${screen.title.toLowerCase()}.`}>
                  <p className="pa-muted">Its role lacks the permission {screen.permission}.</p>
                </Empty>
              )}
            </ErrorBoundary>
          </Route>
        )
      })}
      <Route>
        {allowed[0] === undefined ? (
          <Empty title="Your API token's role allows no screen of the admin." />
        ) : (
          <Redirect to={allowed[0].path} replace />
        )}
      </Route>
    </Switch>
  )
}
