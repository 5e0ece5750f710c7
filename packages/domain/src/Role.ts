/**
 * Roles (PRODUCT.md §5): named sets of permissions that API tokens carry. Each tenant has the built-in `admin` role,
 * which holds every permission and cannot be changed or deleted; custom roles hold any set.
 */
import { type DateTime, Result, Schema } from "effect"
import * as Bounded from "./Bounded.ts"
import * as Ids from "./Ids.ts"
import * as InputRules from "./InputRules.ts"
import * as Permission from "./Permission.ts"

export const RoleId = Schema.String.check(Ids.isId("role")).pipe(Schema.brand("RoleId"))
export type RoleId = typeof RoleId.Type

/** A role's name: 1–100 characters, unique per tenant. */
export const Name = Schema.Trim.check(Schema.isBetweenLength(1, 100, { message: "must be 1 to 100 characters" }))

/** A set of permissions, each listed once (so at most all 24). */
export const Permissions = Bounded.array(
  Permission.Permission,
  Schema.isMaxLength(Permission.all.length, { message: `must list at most ${Permission.all.length} permissions` })
).check(Schema.isUnique({ message: "must list each permission once" }))

/** The role record as stored and as the API returns it. */
export const Role = Schema.Struct({
  id: RoleId,
  name: Name,
  permissions: Permissions,
  isBuiltIn: Schema.Boolean,
  createdAt: Schema.DateTimeUtcFromString,
  updatedAt: Schema.DateTimeUtcFromString
})
export type Role = typeof Role.Type
export type RoleJson = typeof Role.Encoded

/** The name of the built-in role that holds every permission. */
export const adminRoleName = "admin"

/** What a client sends to create a custom role. */
export const CreateInput = Schema.Struct({ name: Name, permissions: Permissions })
export type CreateInput = typeof CreateInput.Type

const repeatsProblem = (permissions: ReadonlyArray<string>): string | undefined =>
  new Set(permissions).size === permissions.length ? undefined : "must list each permission once"

/** The rule of a role input beyond its Schema (see `InputRules`): each known permission listed once. */
export const inputRules: ReadonlyArray<InputRules.Rule> = [
  InputRules.onItems(["permissions"], Permission.Permission, repeatsProblem)
]

/** A change to a custom role; `permissions` replaces the whole set. */
export const PatchInput = Schema.Struct({
  name: Schema.optionalKey(Name),
  permissions: Schema.optionalKey(Permissions)
})
export type PatchInput = typeof PatchInput.Type

/** No role of this tenant has this id. */
export class RoleNotFound extends Schema.TaggedError<RoleNotFound>()("RoleNotFound", { id: Schema.String }) {
  override get message() {
    return `role ${this.id} not found`
  }
}

/** The role is built in (admin) and cannot be changed or deleted. */
export class RoleImmutable extends Schema.TaggedError<RoleImmutable>()("RoleImmutable", { id: Schema.String }) {
  override get message() {
    return `role ${this.id} is built in and cannot be changed or deleted`
  }
}

/** Another role of the tenant already has this name. */
export class RoleNameTaken extends Schema.TaggedError<RoleNameTaken>()("RoleNameTaken", { name: Schema.String }) {
  override get message() {
    return `a role named ${this.name} already exists`
  }
}

/** The built-in admin role of a tenant: every permission, never changed. */
export const admin = (context: { readonly id: RoleId; readonly now: DateTime.Utc }): Role => ({
  id: context.id,
  name: adminRoleName,
  permissions: Permission.all,
  isBuiltIn: true,
  createdAt: context.now,
  updatedAt: context.now
})

/** Builds a custom role from a decoded create input. */
export const make = (input: CreateInput, context: { readonly id: RoleId; readonly now: DateTime.Utc }): Role => ({
  id: context.id,
  name: input.name,
  permissions: input.permissions,
  isBuiltIn: false,
  createdAt: context.now,
  updatedAt: context.now
})

/** Succeeds with the role when it may be changed or deleted; fails for the built-in admin role. */
export const ensureMutable = (role: Role): Result.Result<Role, RoleImmutable> =>
  role.isBuiltIn ? Result.fail(new RoleImmutable({ id: role.id })) : Result.succeed(role)

/** Applies a patch to a custom role and stamps `updatedAt`; fails for the built-in admin role. */
export const applyPatch = (role: Role, patch: PatchInput, now: DateTime.Utc): Result.Result<Role, RoleImmutable> =>
  Result.map(ensureMutable(role), (mutable) => ({ ...mutable, ...patch, updatedAt: now }))
