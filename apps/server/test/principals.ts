/** Hand-made principals for tests of the HTTP host that stand in for authentication. */
import { type ApiToken, Permission, type Principal, type Role, type Tenant } from "@patron/domain"

/** The admin of tenant `ten_…01`, holding every permission. */
export const admin: Principal.Principal = {
  tenantId: "ten_00000000000000000000000001" as Tenant.TenantId,
  tokenId: "pat_00000000000000000000000001" as ApiToken.ApiTokenId,
  roleId: "rol_00000000000000000000000001" as Role.RoleId,
  roleName: "admin",
  isAdmin: true,
  permissions: Permission.all
}

/** A holder of a custom role of the same tenant granting only `permissions`. */
export const holding = (name: string, permissions: ReadonlyArray<Permission.Permission>): Principal.Principal => ({
  ...admin,
  tokenId: "pat_00000000000000000000000002" as ApiToken.ApiTokenId,
  roleId: "rol_00000000000000000000000002" as Role.RoleId,
  roleName: name,
  isAdmin: false,
  permissions
})
