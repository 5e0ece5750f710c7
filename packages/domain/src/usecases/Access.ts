/**
 * Access use cases (PRODUCT.md §5): who the caller is, the tenant's roles and API tokens, authenticating a presented
 * secret, and bootstrapping a tenant's admin role and first admin token. Writes run in one transaction each, and take
 * the caller as `grantor`: what it may grant and which roles it may change is `Grant`'s rule.
 */
import { DateTime, Effect, Option } from "effect"
import * as ApiToken from "../ApiToken.ts"
import * as Grant from "../Grant.ts"
import { Ids } from "../Ids.ts"
import { ApiTokenRepository } from "../ports/ApiTokenRepository.ts"
import { RoleRepository } from "../ports/RoleRepository.ts"
import { Secrets } from "../ports/Secrets.ts"
import { Transactions } from "../ports/Transactions.ts"
import * as Role from "../Role.ts"
import { CurrentTenant, type TenantId } from "../Tenant.ts"

/** How many random bytes a new token's secret carries (256 bits). */
const secretLength = 32

/** A token just made, with the secret that is shown this once and never stored. */
export interface CreatedToken {
  readonly token: ApiToken.ApiToken
  readonly secret: string
}

/** Who authenticated: the token's tenant, the token and its role. */
export interface Authenticated {
  readonly tenantId: TenantId
  readonly token: ApiToken.ApiToken
  readonly role: Role.Role
}

/** Finds a role of the current tenant or fails with RoleNotFound. */
export const getRole = Effect.fn("Access.getRole")(function* (id: Role.RoleId) {
  const tenant = yield* CurrentTenant
  const found = yield* (yield* RoleRepository).find(tenant.id, id)
  return yield* Option.match(found, {
    onNone: () => Effect.fail(new Role.RoleNotFound({ id })),
    onSome: Effect.succeed
  })
})

/** The current tenant's roles, the built-in admin role first. */
export const listRoles = Effect.fn("Access.listRoles")(function* () {
  const tenant = yield* CurrentTenant
  const roles = yield* (yield* RoleRepository).list(tenant.id)
  return [...roles.filter((role) => role.isBuiltIn), ...roles.filter((role) => !role.isBuiltIn)]
})

/**
 * Creates a custom role holding only permissions the grantor holds; fails with RoleNameTaken when the tenant has a
 * role of that name.
 */
export const createRole = Effect.fn("Access.createRole")(function* (input: Role.CreateInput, grantor: Grant.Grantor) {
  yield* Effect.fromResult(Grant.check(grantor, input.permissions))
  const tenant = yield* CurrentTenant
  const id = (yield* (yield* Ids).make("role")) as Role.RoleId
  const role = Role.make(input, { id, now: yield* DateTime.now })
  const roles = yield* RoleRepository
  yield* (yield* Transactions).run(roles.insert(tenant.id, role))
  return role
})

/**
 * Renames a custom role or replaces its permissions; the admin role is immutable. The role must be within the
 * grantor's reach and its new permissions held by the grantor, so a caller editing its own role can only drop.
 */
export const updateRole = Effect.fn("Access.updateRole")(function* (
  input: { readonly id: Role.RoleId; readonly patch: Role.PatchInput },
  grantor: Grant.Grantor
) {
  const tenant = yield* CurrentTenant
  const roles = yield* RoleRepository
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const current = yield* getRole(input.id)
      yield* Effect.fromResult(Grant.checkReach(grantor, current, "update"))
      if (input.patch.permissions !== undefined) {
        yield* Effect.fromResult(Grant.check(grantor, input.patch.permissions))
      }
      const patched = yield* Effect.fromResult(Role.applyPatch(current, input.patch, yield* DateTime.now))
      yield* roles.update(tenant.id, patched)
      return patched
    })
  )
})

/**
 * Deletes a custom role within the grantor's reach that no token holds, and gives it back; the admin role is
 * immutable.
 */
export const deleteRole = Effect.fn("Access.deleteRole")(function* (id: Role.RoleId, grantor: Grant.Grantor) {
  const tenant = yield* CurrentTenant
  const roles = yield* RoleRepository
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const found = yield* getRole(id)
      yield* Effect.fromResult(Grant.checkReach(grantor, found, "delete"))
      const role = yield* Effect.fromResult(Role.ensureMutable(found))
      yield* roles.remove(tenant.id, role.id)
      return role
    })
  )
})

/** The current tenant's tokens, revoked ones included, without secrets. */
export const listTokens = Effect.fn("Access.listTokens")(function* () {
  const tenant = yield* CurrentTenant
  return yield* (yield* ApiTokenRepository).list(tenant.id)
})

/** Stores a token under `id` with the hash of `secret`. */
const storeToken = Effect.fnUntraced(function* (
  tenant: TenantId,
  input: ApiToken.CreateInput,
  id: ApiToken.ApiTokenId,
  secret: string
) {
  const token = ApiToken.make(input, { id, now: yield* DateTime.now })
  yield* (yield* ApiTokenRepository).insert(tenant, token, yield* (yield* Secrets).hash(secret))
  return { token, secret } satisfies CreatedToken
})

/** A new token id and a fresh secret that names it. */
const newSecret = Effect.gen(function* () {
  const id = (yield* (yield* Ids).make("apiToken")) as ApiToken.ApiTokenId
  return { id, secret: ApiToken.secretFor(id, yield* (yield* Secrets).randomBytes(secretLength)) }
})

/**
 * Creates a token holding one of the tenant's roles, one whose permissions the grantor holds (the admin role: only
 * for the admin role); its secret is returned this once.
 */
export const createToken = Effect.fn("Access.createToken")(function* (
  input: ApiToken.CreateInput,
  grantor: Grant.Grantor
) {
  const tenant = yield* CurrentTenant
  const { id, secret } = yield* newSecret
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      yield* Effect.fromResult(Grant.checkToken(grantor, yield* getRole(input.roleId)))
      return yield* storeToken(tenant.id, input, id, secret)
    })
  )
})

/**
 * Revokes a token of the current tenant whose role is within the grantor's reach (a token of the admin role: only
 * by the admin role); revoking twice keeps the first time.
 */
export const revokeToken = Effect.fn("Access.revokeToken")(function* (id: ApiToken.ApiTokenId, grantor: Grant.Grantor) {
  const tenant = yield* CurrentTenant
  const tokens = yield* ApiTokenRepository
  const now = yield* DateTime.now
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const found = yield* tokens.find(tenant.id, id)
      if (Option.isNone(found)) return yield* new ApiToken.ApiTokenNotFound({ id })
      // A role that tokens hold cannot be deleted, so a token's role is always there.
      const role = yield* getRole(found.value.roleId).pipe(Effect.catchTag("RoleNotFound", Effect.die))
      yield* Effect.fromResult(Grant.checkReach(grantor, role, "revokeToken"))
      return yield* tokens.revoke(tenant.id, id, now)
    })
  )
})

/**
 * The tenant, token and role a presented secret belongs to. The secret names its token id; the stored hash is
 * compared in constant time, and a revoked token is reported only to a caller who holds its secret.
 */
export const authenticate = Effect.fn("Access.authenticate")(function* (secret: string | undefined) {
  if (secret === undefined || secret.length === 0) return yield* new ApiToken.Unauthenticated({ reason: "missing" })
  const id = ApiToken.idOfSecret(secret)
  if (Option.isNone(id)) return yield* new ApiToken.Unauthenticated({ reason: "malformed" })
  const secrets = yield* Secrets
  const presentedHash = yield* secrets.hash(secret)
  const stored = yield* (yield* ApiTokenRepository).authenticate(id.value)
  if (Option.isNone(stored) || !secrets.timingSafeEqual(presentedHash, stored.value.secretHash)) {
    return yield* new ApiToken.Unauthenticated({ reason: "unknown" })
  }
  const { tenantId, token, role } = stored.value
  if (!ApiToken.isActive(token)) return yield* new ApiToken.Unauthenticated({ reason: "revoked" })
  return { tenantId, token, role } satisfies Authenticated
})

/** The name bootstrap gives the admin token it creates. */
export const bootstrapTokenName = "admin"

const bootstrapOnce = Effect.fnUntraced(function* (tenantId: TenantId, adminSecret: string | undefined) {
  const roles = yield* RoleRepository
  const tokens = yield* ApiTokenRepository
  const now = yield* DateTime.now
  const existing = (yield* roles.list(tenantId)).find((role) => role.isBuiltIn)
  const adminRole = existing ?? Role.admin({ id: (yield* (yield* Ids).make("role")) as Role.RoleId, now })
  if (existing === undefined) yield* roles.insert(tenantId, adminRole)
  const hasAdminToken = (yield* tokens.list(tenantId)).some(
    (token) => token.roleId === adminRole.id && ApiToken.isActive(token)
  )
  if (hasAdminToken) return { adminRole, created: Option.none<CreatedToken>() }
  const input = { name: bootstrapTokenName, roleId: adminRole.id }
  if (adminSecret === undefined) {
    const { id, secret } = yield* newSecret
    return { adminRole, created: Option.some(yield* storeToken(tenantId, input, id, secret)) }
  }
  const id = ApiToken.idOfSecret(adminSecret)
  if (Option.isNone(id)) return yield* new ApiToken.Unauthenticated({ reason: "malformed" })
  // The given secret's token exists (revoked, then): its revocation stands.
  if (Option.isSome(yield* tokens.authenticate(id.value))) return { adminRole, created: Option.none<CreatedToken>() }
  return { adminRole, created: Option.some(yield* storeToken(tenantId, input, id.value, adminSecret)) }
})

/**
 * Gives a tenant its built-in admin role and an admin token when it has no active one; running it again changes
 * nothing. The token's secret is `adminSecret` when given (it must have the shape `ApiToken.secretFor` makes), else
 * random; it is returned only when the token was created now.
 */
export const bootstrapTenant = Effect.fn("Access.bootstrapTenant")(function* (input: {
  readonly tenantId: TenantId
  readonly adminSecret?: string
}) {
  const transactions = yield* Transactions
  const attempt = transactions.run(bootstrapOnce(input.tenantId, input.adminSecret))
  // Two processes starting at once may both create the admin role; the loser's second look finds the winner's.
  return yield* attempt.pipe(
    Effect.catchTag("RoleNameTaken", () => attempt),
    Effect.catchTag(["RoleNameTaken", "RoleNotFound"], Effect.die)
  )
})
