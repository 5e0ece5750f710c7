/**
 * The principal: who is calling, as authentication established it from an API token (PRODUCT.md §5). The API's
 * middleware provides `CurrentPrincipal` (with `CurrentTenant`) to every authenticated call; each procedure's
 * permission is checked against the principal's role.
 */
import { Context, Effect, Schema } from "effect"
import * as ApiToken from "./ApiToken.ts"
import * as Permission from "./Permission.ts"
import * as Role from "./Role.ts"
import { CurrentTenant, TenantId } from "./Tenant.ts"

/** The tenant, token and role a call runs as. */
export const Principal = Schema.Struct({
  tenantId: TenantId,
  tokenId: ApiToken.ApiTokenId,
  role: Role.Role
})
export type Principal = typeof Principal.Type

/** What `access.me` answers: the principal with the permissions its role grants. */
export const Me = Schema.Struct({ ...Principal.fields, permissions: Schema.Array(Permission.Permission) })
export type Me = typeof Me.Type

/** The principal on whose behalf the current operation runs. */
export class CurrentPrincipal extends Context.Service<CurrentPrincipal, Principal>()(
  "@patron/domain/CurrentPrincipal"
) {}

/** The principal of an authenticated token. */
export const ofToken = (authenticated: {
  readonly tenantId: TenantId
  readonly token: ApiToken.ApiToken
  readonly role: Role.Role
}): Principal => ({ tenantId: authenticated.tenantId, tokenId: authenticated.token.id, role: authenticated.role })

/** The principal as `access.me` shows it. */
export const me = (principal: Principal): Me => ({ ...principal, permissions: principal.role.permissions })

/** Runs an effect as the principal, in the principal's tenant. */
export const provide =
  (principal: Principal) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.provideService(CurrentPrincipal, principal),
      Effect.provideService(CurrentTenant, { id: principal.tenantId })
    )

/** Succeeds when the current principal's role grants the permission, else fails naming it. */
export const authorize = (permission: Permission.Permission) =>
  Effect.flatMap(Effect.service(CurrentPrincipal), (principal) =>
    Permission.check(principal.role.permissions, permission)
  )
