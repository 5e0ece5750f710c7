/**
 * Adding or editing a custom role in a dialog: its name and its permissions, on the shared `useSchemaForm` with
 * `Role.CreateInput` as its rules; the API's problems land on the field their path names.
 */
import { Role as RoleSchema } from "@patron/domain"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { type Role, useTRPC } from "../api/Api.ts"
import { type PathIssue, rulesOf, useSchemaForm } from "../form/useSchemaForm.ts"
import { Dialog } from "../ui/Dialog.tsx"
import { FieldProblems, TextField } from "../ui/Field.tsx"
import { PermissionMatrix } from "./PermissionMatrix.tsx"

interface RoleValues {
  readonly name: string
  readonly permissions: Role["permissions"]
}

const rules = rulesOf(RoleSchema.CreateInput)

/** The field of a problem at a path of the create input, or of the update's `patch`. */
export const roleFieldOf = (issue: PathIssue): string | undefined => {
  const [top] = issue.path[0] === "patch" ? issue.path.slice(1) : issue.path
  return top === "name" || top === "permissions" ? top : undefined
}

export const RoleForm = (props: { readonly role?: Role; readonly onClose: () => void }) => {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const create = useMutation(trpc.access.roles.create.mutationOptions())
  const update = useMutation(trpc.access.roles.update.mutationOptions())
  const { role } = props
  const { form, formProps, problem, errorsOf, isSaving } = useSchemaForm<RoleValues>({
    defaultValues: { name: role?.name ?? "", permissions: role?.permissions ?? [] },
    rules,
    toInput: (values) => values,
    fieldOf: roleFieldOf,
    check: (values) => (values.name.trim() === "" ? { name: ["is required"] } : {}),
    save: async (values) => {
      if (role === undefined) await create.mutateAsync(values)
      else await update.mutateAsync({ id: role.id, patch: values })
      void queryClient.invalidateQueries({ queryKey: trpc.access.roles.list.queryKey() })
      props.onClose()
    }
  })

  return (
    <Dialog
      open
      wide
      onOpenChange={(open) => !open && props.onClose()}
      title={role === undefined ? "Add role" : `Edit role ${role.name}`}
    >
      <form {...formProps} className="pa-form">
        {problem !== null && (
          <p className="pa-form-problem" role="alert">
            {problem}
          </p>
        )}
        <form.Field name="name">
          {(field) => (
            <TextField
              id="pa-role-name"
              label="Role name"
              isRequired
              value={field.state.value}
              errors={errorsOf("name")}
              onChange={field.handleChange}
            />
          )}
        </form.Field>
        <fieldset className="pa-fieldset">
          <legend>Permissions</legend>
          <FieldProblems id="pa-role-permissions-errors" errors={errorsOf("permissions")} />
          <form.Field name="permissions">
            {(field) => (
              <PermissionMatrix id="pa-role-permission" value={field.state.value} onChange={field.handleChange} />
            )}
          </form.Field>
        </fieldset>
        <div className="pa-dialog-actions">
          <button type="button" className="pa-button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="pa-button pa-button-primary" disabled={isSaving}>
            {role === undefined ? "Create role" : "Save role"}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
