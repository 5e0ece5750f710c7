/**
 * Creating an API token in a dialog: its name and its role, on the shared `useSchemaForm` with
 * `ApiToken.CreateInput` as its rules. The created token's secret is handed on to be shown once.
 */
import { ApiToken as ApiTokenSchema } from "@patron/domain"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { type Role, useTRPC } from "../api/Api.ts"
import { type PathIssue, rulesOf, useSchemaForm } from "../form/useSchemaForm.ts"
import { Dialog } from "../ui/Dialog.tsx"
import { SelectField, TextField } from "../ui/Field.tsx"

interface TokenValues {
  readonly name: string
  readonly roleId: string
}

const rules = rulesOf(ApiTokenSchema.CreateInput)

const tokenFieldOf = (issue: PathIssue): string | undefined => {
  const [top] = issue.path
  return top === "name" || top === "roleId" ? top : undefined
}

export const TokenForm = (props: {
  readonly roles: ReadonlyArray<Role>
  readonly onClose: () => void
  readonly onCreated: (secret: string) => void
}) => {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const create = useMutation(trpc.access.tokens.create.mutationOptions())
  const { form, formProps, problem, errorsOf, isSaving } = useSchemaForm<TokenValues>({
    defaultValues: { name: "", roleId: props.roles[0]?.id ?? "" },
    rules,
    toInput: (values) => values,
    fieldOf: tokenFieldOf,
    check: (values) => (values.name.trim() === "" ? { name: ["is required"] } : {}),
    save: async (values) => {
      const token = await create.mutateAsync(values)
      void queryClient.invalidateQueries({ queryKey: trpc.access.tokens.list.queryKey() })
      props.onCreated(token.secret)
    }
  })
  return (
    <Dialog open onOpenChange={(open) => !open && props.onClose()} title="Create API token">
      <form {...formProps} className="pa-form">
        {problem !== null && (
          <p className="pa-form-problem" role="alert">
            {problem}
          </p>
        )}
        <form.Field name="name">
          {(field) => (
            <TextField
              id="pa-token-name"
              label="Token name"
              isRequired
              value={field.state.value}
              errors={errorsOf("name")}
              onChange={field.handleChange}
            />
          )}
        </form.Field>
        <form.Field name="roleId">
          {(field) => (
            <SelectField
              id="pa-token-role"
              label="Role"
              value={field.state.value}
              errors={errorsOf("roleId")}
              options={props.roles.map((role) => ({ value: role.id, label: role.name }))}
              onChange={field.handleChange}
            />
          )}
        </form.Field>
        <div className="pa-dialog-actions">
          <button type="button" className="pa-button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="pa-button pa-button-primary" disabled={isSaving}>
            Create token
          </button>
        </div>
      </form>
    </Dialog>
  )
}
