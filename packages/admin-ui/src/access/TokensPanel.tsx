/**
 * The tenant's API tokens: name, role, when created and last used, revoked or not. Creating one shows its secret
 * once; revoking one asks first, and revoking the token this session is signed in with warns that it signs you out
 * (and does, once the API has revoked it).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { type ApiToken, useTRPC } from "../api/Api.ts"
import { useSession } from "../session/Session.tsx"
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx"
import { dateTime } from "../ui/Format.ts"
import { SecretReveal } from "../ui/SecretReveal.tsx"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { useCan, useMe } from "./Permissions.tsx"
import { TokenForm } from "./TokenForm.tsx"

export const TokensPanel = () => {
  const trpc = useTRPC()
  const me = useMe()
  const tokens = useQuery(trpc.access.tokens.list.queryOptions())
  const roles = useQuery(trpc.access.roles.list.queryOptions())
  const canCreate = useCan("access:create")
  const canRevoke = useCan("access:delete")
  const [isCreating, setIsCreating] = useState(false)
  const [secret, setSecret] = useState<string | null>(null)
  const [revoking, setRevoking] = useState<ApiToken | null>(null)
  const queryClient = useQueryClient()
  const session = useSession()
  const isThisSession = revoking !== null && revoking.id === me.tokenId
  const revoke = useMutation(
    trpc.access.tokens.revoke.mutationOptions({
      onSuccess: (_, input) => {
        setRevoking(null)
        if (input.id === me.tokenId) return session.signOut("You revoked the API token of this session.")
        void queryClient.invalidateQueries({ queryKey: trpc.access.tokens.list.queryKey() })
      }
    })
  )
  const roleName = (id: string) => roles.data?.find((role) => role.id === id)?.name ?? id

  return (
    <section className="pa-section" aria-labelledby="pa-tokens-title">
      <div className="pa-section-head">
        <h2 id="pa-tokens-title">API tokens</h2>
        {canCreate && (
          <button type="button" className="pa-button pa-button-primary" onClick={() => setIsCreating(true)}>
            + Create token
          </button>
        )}
      </div>
      {tokens.isPending ? (
        <Loading label="Loading tokens…" />
      ) : tokens.isError ? (
        <ErrorMessage error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : (
        <table className="pa-table pa-stack-table">
          <caption className="pa-visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="pa-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id}>
                <td>
                  {token.name}
                  {token.id === me.tokenId && <span className="pa-badge">This session</span>}
                </td>
                <td data-label="Role">{roleName(token.roleId)}</td>
                <td data-label="Created">{dateTime(token.createdAt)}</td>
                <td data-label="Last used">{token.lastUsedAt === undefined ? "Never" : dateTime(token.lastUsedAt)}</td>
                <td data-label="Status">
                  {token.revokedAt === undefined ? "Active" : `Revoked ${dateTime(token.revokedAt)}`}
                </td>
                <td>
                  {canRevoke && token.revokedAt === undefined && (
                    <button
                      type="button"
                      className="pa-button pa-button-danger-quiet"
                      aria-label={`Revoke token ${token.name}`}
                      onClick={() => setRevoking(token)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isCreating && (
        <TokenForm
          roles={roles.data ?? []}
          onClose={() => setIsCreating(false)}
          onCreated={(created) => {
            setIsCreating(false)
            setSecret(created)
          }}
        />
      )}
      <SecretReveal
        title="New API token"
        secret={secret}
        explanation="Use it as a Bearer token to call the Patron API or to sign in here."
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={isThisSession ? "Revoke the token of this session?" : `Revoke token ${revoking?.name ?? ""}?`}
        description={
          isThisSession ? (
            <p>
              <strong>You are signed in with {revoking?.name ?? "this token"}: you will be signed out.</strong> Calls
              with this token are refused from now on, here and everywhere else it is used.
            </p>
          ) : (
            <p>Calls with this token are refused from now on.</p>
          )
        }
        confirmLabel={isThisSession ? "Revoke and sign out" : "Revoke token"}
        isWorking={revoke.isPending}
        onConfirm={() => revoking !== null && revoke.mutate({ id: revoking.id })}
      >
        {revoke.isError && <ErrorMessage error={revoke.error} />}
      </ConfirmDialog>
    </section>
  )
}
