/**
 * Access: who may do what. Roles (permission sets) and the API tokens that carry them.
 */
import { RolesPanel } from "./RolesPanel.tsx"
import { TokensPanel } from "./TokensPanel.tsx"

export const AccessScreen = () => (
  <div className="pa-page">
    <TokensPanel />
    <RolesPanel />
  </div>
)
