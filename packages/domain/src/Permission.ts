/**
 * Permissions (PRODUCT.md §5): `resource:action` pairs held by roles. Each API procedure names the one it needs and a
 * single middleware enforces it with `check`.
 */
import { Effect, Schema } from "effect"

/** The resources a permission can concern, one per API router. */
export const resources = ["customers", "orders", "subscriptionContracts", "usage", "webhooks", "access"] as const
export type Resource = (typeof resources)[number]

/** What a permission allows doing to its resource. */
export const actions = ["read", "create", "update", "delete"] as const
export type Action = (typeof actions)[number]

export type Permission = `${Resource}:${Action}`

/** The permission to perform `action` on `resource`. */
export const make = (resource: Resource, action: Action): Permission => `${resource}:${action}`

/** Every permission, resource by resource in catalogue order: what the admin role holds. */
export const all: ReadonlyArray<Permission> = resources.flatMap((resource) =>
  actions.map((action) => make(resource, action))
)

/** One of the 24 `resource:action` strings. */
export const Permission = Schema.Literals(all)

/** The caller's role lacks the permission the operation needs. */
export class PermissionDenied extends Schema.TaggedError<PermissionDenied>()("PermissionDenied", {
  permission: Permission
}) {
  override get message() {
    return `missing permission ${this.permission}`
  }
}

/** Whether the granted permissions include the required one. */
export const isGranted = (
  granted: ReadonlyArray<Permission> | ReadonlySet<Permission>,
  required: Permission
): boolean => ("has" in granted ? granted.has(required) : granted.includes(required))

/** Succeeds when the granted permissions include the required one, else fails naming the missing permission. */
export const check = (
  granted: ReadonlyArray<Permission> | ReadonlySet<Permission>,
  required: Permission
): Effect.Effect<void, PermissionDenied> =>
  isGranted(granted, required) ? Effect.void : Effect.fail(new PermissionDenied({ permission: required }))
