/**
 * The tenant's API tokens: name, role, when created and last used, revoked or not. Creating one shows its secret
 * once; revoking one asks first.
 */
import { ApiToken as ApiTokenSchema } from "@patron/domain"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type FormEvent, useState } from "react"
import { type ApiToken, type Role, useTRPC } from "../api/Api.ts"
import { describe } from "../api/ApiError.ts"
import { type FieldErrors, hasErrors, noErrors, validate } from "../form/FieldErrors.ts"
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx"
import { Dialog } from "../ui/Dialog.tsx"
import { SelectField, TextField } from "../ui/Field.tsx"
import { dateTime } from "../ui/Format.ts"
import { SecretReveal } from "../ui/SecretReveal.tsx"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { useCan, useMe } from "./Permissions.tsx"

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
  const revoke = useMutation(
    trpc.access.tokens.revoke.mutationOptions({
      onSuccess: () => {
        setRevoking(null)
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
        <table className="pa-table">
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
                <td>{roleName(token.roleId)}</td>
                <td>{dateTime(token.createdAt)}</td>
                <td>{token.lastUsedAt === undefined ? "Never" : dateTime(token.lastUsedAt)}</td>
                <td>{token.revokedAt === undefined ? "Active" : `Revoked ${dateTime(token.revokedAt)}`}</td>
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
        title={`Revoke token ${revoking?.name ?? ""}?`}
        description={
          <p>
            Calls with this token are refused from now on.
            {revoking?.id === me.tokenId && " It is the token of this session: you will be signed out."}
          </p>
        }
        confirmLabel="Revoke token"
        isWorking={revoke.isPending}
        onConfirm={() => revoking !== null && revoke.mutate({ id: revoking.id })}
      >
        {revoke.isError && <ErrorMessage error={revoke.error} />}
      </ConfirmDialog>
    </section>
  )
}

const TokenForm = (props: {
  readonly roles: ReadonlyArray<Role>
  readonly onClose: () => void
  readonly onCreated: (secret: string) => void
}) => {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [name, setName] = useState("")
  const [roleId, setRoleId] = useState(props.roles[0]?.id ?? "")
  const [errors, setErrors] = useState<FieldErrors>(noErrors)
  const create = useMutation(
    trpc.access.tokens.create.mutationOptions({
      onSuccess: (token) => {
        void queryClient.invalidateQueries({ queryKey: trpc.access.tokens.list.queryKey() })
        props.onCreated(token.secret)
      }
    })
  )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const validated = validate(ApiTokenSchema.CreateInput, { name, roleId })
    const found = name.trim() === "" ? { ...validated, name: ["is required"] } : validated
    setErrors(found)
    if (!hasErrors(found)) create.mutate({ name, roleId })
  }
  return (
    <Dialog open onOpenChange={(open) => !open && props.onClose()} title="Create API token">
      <form className="pa-form" onSubmit={submit} noValidate>
        {create.isError && (
          <p className="pa-form-problem" role="alert">
            {describe(create.error)}
          </p>
        )}
        <TextField
          id="pa-token-name"
          label="Token name"
          isRequired
          value={name}
          errors={errors.name}
          onChange={setName}
        />
        <SelectField
          id="pa-token-role"
          label="Role"
          value={roleId}
          errors={errors.roleId}
          options={props.roles.map((role) => ({ value: role.id, label: role.name }))}
          onChange={setRoleId}
        />
        <div className="pa-dialog-actions">
          <button type="button" className="pa-button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="pa-button pa-button-primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
      </form>
    </Dialog>
  )
}
