/**
 * The role store. Names are unique per tenant; a role that API tokens still point at (revoked ones included, since
 * their records keep the role) cannot be removed.
 */
import { Context, type Effect, type Option, Schema } from "effect"
import type * as Role from "../Role.ts"
import type { TenantId } from "../Tenant.ts"

// Belongs in Role.ts beside RoleImmutable; kept here until that module can take it.
/** API tokens still hold the role, so it cannot be deleted. */
export class RoleInUse extends Schema.TaggedError<RoleInUse>()("RoleInUse", { id: Schema.String }) {
  override get message() {
    return `role ${this.id} is held by API tokens and cannot be deleted`
  }
}

/** Reads and writes roles of one tenant at a time. */
export class RoleRepository extends Context.Service<
  RoleRepository,
  {
    /** Stores a new role; fails when another role of the tenant has its name. */
    readonly insert: (tenant: TenantId, role: Role.Role) => Effect.Effect<void, Role.RoleNameTaken>
    /** Replaces a stored role; fails when another role of the tenant has its name or none has its id. */
    readonly update: (tenant: TenantId, role: Role.Role) => Effect.Effect<void, Role.RoleNameTaken | Role.RoleNotFound>
    /** Finds a role by id. */
    readonly find: (tenant: TenantId, id: Role.RoleId) => Effect.Effect<Option.Option<Role.Role>>
    /** Every role of the tenant, oldest first. */
    readonly list: (tenant: TenantId) => Effect.Effect<ReadonlyArray<Role.Role>>
    /** Deletes a role no API token holds. */
    readonly remove: (tenant: TenantId, id: Role.RoleId) => Effect.Effect<void, RoleInUse | Role.RoleNotFound>
  }
>()("@patron/domain/RoleRepository") {}
