/**
 * Adding or editing a custom role in a dialog: its name and its permissions, checked with `Role.CreateInput`.
 */
import { Role as RoleSchema } from "@patron/domain"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { type FormEvent, useState } from "react"
import { type Role, useTRPC } from "../api/Api.ts"
import { describe, issuesOf } from "../api/ApiError.ts"
import { type FieldErrors, fromIssues, hasErrors, noErrors, validate } from "../form/FieldErrors.ts"
import { Dialog } from "../ui/Dialog.tsx"
import { FieldProblems, TextField } from "../ui/Field.tsx"
import { PermissionMatrix } from "./PermissionMatrix.tsx"

export const RoleForm = (props: { readonly role?: Role; readonly onClose: () => void }) => {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [name, setName] = useState(props.role?.name ?? "")
  const [permissions, setPermissions] = useState<Role["permissions"]>(props.role?.permissions ?? [])
  const [errors, setErrors] = useState<FieldErrors>(noErrors)
  const [problem, setProblem] = useState<string | null>(null)
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.access.roles.list.queryKey() })
    props.onClose()
  }
  const failed = (error: unknown) => {
    const issues = issuesOf(error)
    if (issues.length > 0)
      setErrors(fromIssues(issues.map((i) => ({ ...i, path: i.path.filter((p) => p !== "patch") }))))
    else setProblem(describe(error))
  }
  const create = useMutation(trpc.access.roles.create.mutationOptions({ onSuccess: done, onError: failed }))
  const update = useMutation(trpc.access.roles.update.mutationOptions({ onSuccess: done, onError: failed }))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const input = { name, permissions }
    const validated = validate(RoleSchema.CreateInput, input)
    const found = name.trim() === "" ? { ...validated, name: ["is required"] } : validated
    setErrors(found)
    setProblem(null)
    if (hasErrors(found)) return
    if (props.role === undefined) create.mutate(input)
    else update.mutate({ id: props.role.id, patch: input })
  }

  return (
    <Dialog
      open
      wide
      onOpenChange={(open) => !open && props.onClose()}
      title={props.role === undefined ? "Add role" : `Edit role ${props.role.name}`}
    >
      <form className="pa-form" onSubmit={submit} noValidate>
        {problem !== null && (
          <p className="pa-form-problem" role="alert">
            {problem}
          </p>
        )}
        <TextField
          id="pa-role-name"
          label="Role name"
          isRequired
          value={name}
          errors={errors.name}
          onChange={setName}
        />
        <fieldset className="pa-fieldset">
          <legend>Permissions</legend>
          <FieldProblems id="pa-role-permissions-errors" errors={errors.permissions} />
          <PermissionMatrix id="pa-role-permission" value={permissions} onChange={setPermissions} />
        </fieldset>
        <div className="pa-dialog-actions">
          <button type="button" className="pa-button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="pa-button pa-button-primary" disabled={create.isPending || update.isPending}>
            {props.role === undefined ? "Create role" : "Save role"}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
