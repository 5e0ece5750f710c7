/**
 * Who can grant what (PRODUCT.md §5, issue 11): a principal hands out only permissions it holds itself. Creating a
 * role, replacing a role's permissions and creating a token are grants. Changing or deleting a role, and revoking a
 * token, are allowed only on roles within the grantor's reach: every permission of the role is held by the grantor,
 * so a caller can neither strip nor rename a more powerful role. A caller may edit its own role, and so drop
 * permissions but never add one. The built-in admin role is above every custom role, even one holding all
 * permissions: only the admin role creates or revokes its tokens.
 */
import { Result, Schema } from "effect"
import * as Permission from "./Permission.ts"
import type * as Role from "./Role.ts"

/** Who grants: the permissions of the caller's role and whether that role is the built-in admin role. */
export interface Grantor {
  readonly permissions: ReadonlyArray<Permission.Permission>
  readonly isAdmin: boolean
}

/** The grantor a holder of `role` is. */
export const ofRole = (role: Role.Role): Grantor => ({ permissions: role.permissions, isAdmin: role.isBuiltIn })

/** The operator at the console (`pnpm patron`), who owns the database and so grants as the admin role does. */
export const operator: Grantor = { permissions: Permission.all, isAdmin: true }

/** What a grantor does to an existing role. */
export const RoleAction = Schema.Literals(["update", "delete", "createToken", "revokeToken"])
export type RoleAction = typeof RoleAction.Type

const permissionList = (permissions: ReadonlyArray<Permission.Permission>) => permissions.join(", ")

/** The grantor would grant permissions it does not hold. */
export class GrantExceedsOwn extends Schema.TaggedError<GrantExceedsOwn>()("GrantExceedsOwn", {
  missing: Schema.Array(Permission.Permission)
}) {
  override get message() {
    return `cannot grant permissions you do not hold: ${permissionList(this.missing)}`
  }
}

const verbs: Record<RoleAction, string> = {
  update: "change",
  delete: "delete",
  createToken: "create a token for",
  revokeToken: "revoke a token of"
}

/** The role holds permissions the grantor does not, so the grantor may not change, delete or revoke it. */
export class RoleOutOfReach extends Schema.TaggedError<RoleOutOfReach>()("RoleOutOfReach", {
  id: Schema.String,
  action: RoleAction,
  missing: Schema.Array(Permission.Permission)
}) {
  override get message() {
    return `cannot ${verbs[this.action]} role ${this.id}: it holds permissions you do not hold: ${permissionList(this.missing)}`
  }
}

const adminMessages: Record<RoleAction, string> = {
  update: "roles other than admin cannot change the admin role",
  delete: "roles other than admin cannot delete the admin role",
  createToken: "only the admin role can create tokens for the admin role",
  revokeToken: "only the admin role can revoke tokens of the admin role"
}

/** Only the admin role may create or revoke tokens of the admin role (or touch it at all). */
export class AdminRoleReserved extends Schema.TaggedError<AdminRoleReserved>()("AdminRoleReserved", {
  action: RoleAction
}) {
  override get message() {
    return adminMessages[this.action]
  }
}

/** The permissions among `permissions` the grantor does not hold, each once, in catalogue order. */
export const missing = (
  grantor: Grantor,
  permissions: ReadonlyArray<Permission.Permission>
): ReadonlyArray<Permission.Permission> =>
  grantor.isAdmin
    ? []
    : Permission.all.filter(
        (permission) => permissions.includes(permission) && !Permission.isGranted(grantor.permissions, permission)
      )

/** Succeeds when the grantor holds every permission it would grant (a new role, a role's new set of permissions). */
export const check = (
  grantor: Grantor,
  permissions: ReadonlyArray<Permission.Permission>
): Result.Result<void, GrantExceedsOwn> => {
  const lacking = missing(grantor, permissions)
  return lacking.length === 0 ? Result.void : Result.fail(new GrantExceedsOwn({ missing: lacking }))
}

/**
 * Succeeds when the role is within the grantor's reach for `action`: the grantor is the admin role, or the role is
 * a custom role whose every permission the grantor holds.
 */
export const checkReach = (
  grantor: Grantor,
  role: Role.Role,
  action: RoleAction
): Result.Result<void, RoleOutOfReach | AdminRoleReserved> => {
  if (grantor.isAdmin) return Result.void
  if (role.isBuiltIn) return Result.fail(new AdminRoleReserved({ action }))
  const lacking = missing(grantor, role.permissions)
  return lacking.length === 0 ? Result.void : Result.fail(new RoleOutOfReach({ id: role.id, action, missing: lacking }))
}

/** Succeeds when the grantor may create a token holding `role`: a grant of every permission the role holds. */
export const checkToken = (
  grantor: Grantor,
  role: Role.Role
): Result.Result<void, GrantExceedsOwn | AdminRoleReserved> => {
  if (role.isBuiltIn && !grantor.isAdmin) return Result.fail(new AdminRoleReserved({ action: "createToken" }))
  return check(grantor, role.permissions)
}
