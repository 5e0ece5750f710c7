/**
 * The principal: who is calling, as authentication established it from an API token (PRODUCT.md §5): the token's
 * tenant, the token, and its role's id, name and permissions, and whether that role is the built-in admin role. It is
 * the `Grant.Grantor` of the access use cases; the API checks each procedure's permission against it.
 */
import type * as ApiToken from "./ApiToken.ts"
import type * as Grant from "./Grant.ts"
import type * as Permission from "./Permission.ts"
import type * as Role from "./Role.ts"
import type { TenantId } from "./Tenant.ts"

/** The tenant, token and role a call runs as. */
export interface Principal extends Grant.Grantor {
  readonly tenantId: TenantId
  readonly tokenId: ApiToken.ApiTokenId
  readonly roleId: Role.RoleId
  readonly roleName: string
  readonly isAdmin: boolean
  readonly permissions: ReadonlyArray<Permission.Permission>
}

/** The principal of an authenticated token. */
export const ofToken = (authenticated: {
  readonly tenantId: TenantId
  readonly token: ApiToken.ApiToken
  readonly role: Role.Role
}): Principal => ({
  tenantId: authenticated.tenantId,
  tokenId: authenticated.token.id,
  roleId: authenticated.role.id,
  roleName: authenticated.role.name,
  // The built-in flag, not the role's name, makes the admin: the grantor the access use cases trust most.
  isAdmin: authenticated.role.isBuiltIn,
  permissions: authenticated.role.permissions
})

/** What `access.me` answers: the tenant, the token, the role's name and the permissions it grants. */
export const me = (principal: Principal) => ({
  tenantId: principal.tenantId,
  tokenId: principal.tokenId,
  role: principal.roleName,
  permissions: [...principal.permissions]
})
