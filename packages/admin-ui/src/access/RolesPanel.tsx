/**
 * The tenant's roles: each with its permissions; custom roles can be edited and deleted, the built-in admin role
 * cannot.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { type Role, useTRPC } from "../api/Api.ts"
import { ConfirmDialog } from "../ui/ConfirmDialog.tsx"
import { count } from "../ui/Format.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"
import { PermissionMatrix } from "./PermissionMatrix.tsx"
import { useCan } from "./Permissions.tsx"
import { RoleForm } from "./RoleForm.tsx"

export const RolesPanel = () => {
  const trpc = useTRPC()
  const roles = useQuery(trpc.access.roles.list.queryOptions())
  const canCreate = useCan("access:create")
  const [editing, setEditing] = useState<Role | "new" | null>(null)
  return (
    <section className="pa-section" aria-labelledby="pa-roles-title">
      <div className="pa-section-head">
        <h2 id="pa-roles-title">Roles</h2>
        {canCreate && (
          <button type="button" className="pa-button pa-button-primary" onClick={() => setEditing("new")}>
            + Add role
          </button>
        )}
      </div>
      {roles.isPending ? (
        <Loading label="Loading roles…" />
      ) : roles.isError ? (
        <ErrorMessage error={roles.error} onRetry={() => roles.refetch()} />
      ) : (
        <div className="pa-cards pa-role-cards">
          {roles.data.map((role) => (
            <RoleCard key={role.id} role={role} onEdit={() => setEditing(role)} />
          ))}
        </div>
      )}
      {editing !== null && (
        <RoleForm {...(editing === "new" ? {} : { role: editing })} onClose={() => setEditing(null)} />
      )}
    </section>
  )
}

const RoleCard = (props: { readonly role: Role; readonly onEdit: () => void }) => {
  const { role } = props
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const canUpdate = useCan("access:update") && !role.isBuiltIn
  const canDelete = useCan("access:delete") && !role.isBuiltIn
  const [isDeleting, setIsDeleting] = useState(false)
  const remove = useMutation(
    trpc.access.roles.delete.mutationOptions({
      onSuccess: () => {
        setIsDeleting(false)
        void queryClient.invalidateQueries({ queryKey: trpc.access.roles.list.queryKey() })
      }
    })
  )
  return (
    <div className="pa-card pa-role">
      <div className="pa-order-head">
        <p className="pa-card-title">{role.name}</p>
        {role.isBuiltIn && <span className="pa-badge">Built in</span>}
        <p className="pa-muted">{count(role.permissions.length, "permission")}</p>
      </div>
      <PermissionMatrix id={`pa-role-${role.id}`} value={role.permissions} disabled />
      {(canUpdate || canDelete) && (
        <div className="pa-button-row">
          {canUpdate && (
            <button type="button" className="pa-button" onClick={props.onEdit} aria-label={`Edit role ${role.name}`}>
              Edit
            </button>
          )}
          {canDelete && (
            <button
              type="button"
              className="pa-button pa-button-danger-quiet"
              onClick={() => setIsDeleting(true)}
              aria-label={`Delete role ${role.name}`}
            >
              Delete
            </button>
          )}
        </div>
      )}
      <ConfirmDialog
        open={isDeleting}
        onOpenChange={setIsDeleting}
        title={`Delete role ${role.name}?`}
        description={<p>A role still held by an API token cannot be deleted: revoke or move those tokens first.</p>}
        confirmLabel="Delete role"
        isWorking={remove.isPending}
        onConfirm={() => remove.mutate({ id: role.id })}
      >
        {remove.isError && <ErrorMessage error={remove.error} />}
      </ConfirmDialog>
    </div>
  )
}
