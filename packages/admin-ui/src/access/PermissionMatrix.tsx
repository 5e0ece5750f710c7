/**
 * Permissions as a grid of checkboxes: one row per resource, one column per action (PRODUCT.md §5).
 */
import { Permission } from "@patron/domain"

const resourceLabels: Record<Permission.Resource, string> = {
  customers: "Customers",
  orders: "Orders",
  subscriptionContracts: "Subscription contracts",
  usage: "Usage",
  webhooks: "Webhooks",
  access: "Access (roles and tokens)"
}

export const PermissionMatrix = (props: {
  readonly id: string
  readonly value: ReadonlyArray<Permission.Permission>
  readonly onChange?: (value: ReadonlyArray<Permission.Permission>) => void
  readonly disabled?: boolean
}) => {
  const toggle = (permission: Permission.Permission, checked: boolean) =>
    props.onChange?.(
      checked
        ? Permission.all.filter((p) => p === permission || props.value.includes(p))
        : props.value.filter((p) => p !== permission)
    )
  return (
    <table className="pa-table pa-matrix">
      <caption className="pa-visually-hidden">Permissions</caption>
      <thead>
        <tr>
          <th scope="col">Resource</th>
          {Permission.actions.map((action) => (
            <th key={action} scope="col" className="pa-center">
              {action}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Permission.resources.map((resource) => (
          <tr key={resource}>
            <th scope="row" className="pa-matrix-resource">
              {resourceLabels[resource]}
            </th>
            {Permission.actions.map((action) => {
              const permission = Permission.make(resource, action)
              const id = `${props.id}-${resource}-${action}`
              return (
                <td key={action} className="pa-center">
                  <input
                    id={id}
                    type="checkbox"
                    checked={props.value.includes(permission)}
                    disabled={props.disabled === true || props.onChange === undefined}
                    onChange={(event) => toggle(permission, event.target.checked)}
                  />
                  <label htmlFor={id} className="pa-visually-hidden">
                    {permission}
                  </label>
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
