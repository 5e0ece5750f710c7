import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as ApiToken from "../src/ApiToken.ts"
import { Ids } from "../src/Ids.ts"
import * as Permission from "../src/Permission.ts"
import * as Principal from "../src/Principal.ts"
import { Secrets } from "../src/ports/Secrets.ts"
import type * as Role from "../src/Role.ts"
import type { TenantId } from "../src/Tenant.ts"
import * as InMemory from "../src/testing/InMemory.ts"
import * as InMemoryAccess from "../src/testing/InMemoryAccess.ts"
import * as Access from "../src/usecases/Access.ts"
import { asTenant, setNow, tenantA, tenantB } from "./fixtures.ts"

const layer = Layer.mergeAll(InMemory.layer, InMemoryAccess.layer, Ids.layerSequential)

/** Bootstraps a tenant and gives back its admin role and the admin token's secret. */
const bootstrap = (tenantId: TenantId) =>
  Effect.map(Access.bootstrapTenant({ tenantId }), ({ adminRole, created }) => ({
    adminRole,
    secret: Option.getOrThrow(created).secret
  }))

const reasonOf = (secret: string | undefined) =>
  Effect.map(Effect.flip(Access.authenticate(secret)), (error) => error.reason)

const support: Role.CreateInput = { name: "support", permissions: ["customers:read", "orders:read"] }

describe("Access.bootstrapTenant", () => {
  it.effect("creates the admin role with every permission and an admin token whose secret authenticates", () =>
    Effect.gen(function* () {
      const { adminRole, secret } = yield* bootstrap(tenantA)
      assert.deepStrictEqual(adminRole.permissions, Permission.all)
      assert.isTrue(adminRole.isBuiltIn)
      assert.match(secret, /^pat_[0-9A-Z]{26}\.[A-Za-z0-9_-]{43}$/)
      const authenticated = yield* Access.authenticate(secret)
      assert.strictEqual(authenticated.tenantId, tenantA)
      assert.strictEqual(authenticated.role.id, adminRole.id)
      assert.strictEqual(authenticated.token.name, "admin")
    }).pipe(Effect.provide(layer))
  )

  it.effect("changes nothing when run again, and returns no secret", () =>
    Effect.gen(function* () {
      const first = yield* bootstrap(tenantA)
      const again = yield* Access.bootstrapTenant({ tenantId: tenantA })
      assert.strictEqual(again.adminRole.id, first.adminRole.id)
      assert.isTrue(Option.isNone(again.created))
      assert.lengthOf(yield* asTenant(tenantA)(Access.listRoles()), 1)
      assert.lengthOf(yield* asTenant(tenantA)(Access.listTokens()), 1)
    }).pipe(Effect.provide(layer))
  )

  it.effect("uses a given admin secret, and refuses one that is not shaped like a token secret", () =>
    Effect.gen(function* () {
      const given = ApiToken.secretFor("pat_01JBZ0000000000000000000A1" as ApiToken.ApiTokenId, new Uint8Array(32))
      const created = yield* Access.bootstrapTenant({ tenantId: tenantA, adminSecret: given })
      assert.strictEqual(Option.getOrThrow(created.created).secret, given)
      assert.strictEqual((yield* Access.authenticate(given)).tenantId, tenantA)
      const refused = yield* Effect.flip(Access.bootstrapTenant({ tenantId: tenantB, adminSecret: "letmein" }))
      assert.strictEqual(refused.reason, "malformed")
      assert.lengthOf(yield* asTenant(tenantB)(Access.listTokens()), 0)
    }).pipe(Effect.provide(layer))
  )

  it.effect("makes a new admin token once every admin token is revoked, but never revives a revoked secret", () =>
    Effect.gen(function* () {
      const given = ApiToken.secretFor("pat_01JBZ0000000000000000000A1" as ApiToken.ApiTokenId, new Uint8Array(32))
      yield* Access.bootstrapTenant({ tenantId: tenantA, adminSecret: given })
      const [token] = yield* asTenant(tenantA)(Access.listTokens())
      yield* asTenant(tenantA)(Access.revokeToken(token!.id))
      const withGiven = yield* Access.bootstrapTenant({ tenantId: tenantA, adminSecret: given })
      assert.isTrue(Option.isNone(withGiven.created))
      assert.strictEqual(yield* reasonOf(given), "revoked")
      const { secret } = yield* bootstrap(tenantA)
      assert.strictEqual((yield* Access.authenticate(secret)).tenantId, tenantA)
    }).pipe(Effect.provide(layer))
  )
})

describe("Access.authenticate", () => {
  it.effect("refuses a missing, malformed, unknown or revoked secret, each with its reason", () =>
    Effect.gen(function* () {
      const { secret } = yield* bootstrap(tenantA)
      const [id] = secret.split(".")
      assert.strictEqual(yield* reasonOf(undefined), "missing")
      assert.strictEqual(yield* reasonOf(""), "missing")
      assert.strictEqual(yield* reasonOf(`Bearer ${secret}`), "malformed")
      assert.strictEqual(yield* reasonOf("pat_123.abc"), "malformed")
      assert.strictEqual(yield* reasonOf(`${id}.${"A".repeat(43)}`), "unknown")
      assert.strictEqual(yield* reasonOf(`pat_01JBZ0000000000000000000A1.${"A".repeat(43)}`), "unknown")
      yield* asTenant(tenantA)(Access.revokeToken(id as ApiToken.ApiTokenId))
      assert.strictEqual(yield* reasonOf(secret), "revoked")
      // Only the secret's holder learns that the token was revoked.
      assert.strictEqual(yield* reasonOf(`${id}.${"A".repeat(43)}`), "unknown")
    }).pipe(Effect.provide(layer))
  )

  it.effect("finds each tenant's token in its own tenant", () =>
    Effect.gen(function* () {
      const a = yield* bootstrap(tenantA)
      const b = yield* bootstrap(tenantB)
      assert.strictEqual((yield* Access.authenticate(a.secret)).tenantId, tenantA)
      assert.strictEqual((yield* Access.authenticate(b.secret)).tenantId, tenantB)
      assert.strictEqual((yield* Access.authenticate(b.secret)).role.id, b.adminRole.id)
    }).pipe(Effect.provide(layer))
  )
})

describe("Access.me and Principal.authorize", () => {
  it.effect("shows the caller's tenant, token, role and permissions, and names a permission the role lacks", () =>
    Effect.gen(function* () {
      yield* bootstrap(tenantA)
      const role = yield* asTenant(tenantA)(Access.createRole(support))
      const { secret, token } = yield* asTenant(tenantA)(Access.createToken({ name: "desk", roleId: role.id }))
      const principal = Principal.ofToken(yield* Access.authenticate(secret))
      const me = yield* Principal.provide(principal)(Access.me)
      assert.deepStrictEqual(me, { tenantId: tenantA, tokenId: token.id, role, permissions: support.permissions })
      yield* Principal.provide(principal)(Principal.authorize("orders:read"))
      const denied = yield* Effect.flip(Principal.provide(principal)(Principal.authorize("access:read")))
      assert.strictEqual(denied.message, "missing permission access:read")
    }).pipe(Effect.provide(layer))
  )
})

describe("Access roles", () => {
  it.effect("lists the admin role first, then custom roles in creation order", () =>
    Effect.gen(function* () {
      yield* bootstrap(tenantA)
      yield* Access.createRole(support)
      yield* Access.createRole({ name: "billing", permissions: ["orders:create"] })
      assert.deepStrictEqual(
        (yield* Access.listRoles()).map((role) => role.name),
        ["admin", "support", "billing"]
      )
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses a name another role of the tenant has, admin included, but not another tenant's", () =>
    Effect.gen(function* () {
      yield* bootstrap(tenantA)
      yield* asTenant(tenantA)(Access.createRole(support))
      const taken = yield* Effect.flip(asTenant(tenantA)(Access.createRole({ ...support, permissions: [] })))
      assert.strictEqual(taken.message, "a role named support already exists")
      const admin = yield* Effect.flip(asTenant(tenantA)(Access.createRole({ name: "admin", permissions: [] })))
      assert.strictEqual(admin._tag, "RoleNameTaken")
      yield* asTenant(tenantB)(Access.createRole(support))
    }).pipe(Effect.provide(layer))
  )

  it.effect("renames a custom role or replaces its permissions, stamping updatedAt; a taken name changes nothing", () =>
    Effect.gen(function* () {
      yield* setNow("2026-11-24T12:00:00Z")
      const role = yield* Access.createRole(support)
      yield* Access.createRole({ name: "billing", permissions: [] })
      yield* TestClock.adjust("1 hour")
      const patch = { name: "helpdesk", permissions: ["customers:update" as const] }
      const updated = yield* Access.updateRole({ id: role.id, patch })
      assert.deepStrictEqual([updated.name, updated.permissions], ["helpdesk", ["customers:update"]])
      assert.strictEqual(updated.updatedAt.epochMilliseconds - role.createdAt.epochMilliseconds, 3_600_000)
      const taken = yield* Effect.flip(Access.updateRole({ id: role.id, patch: { name: "billing" } }))
      assert.strictEqual(taken._tag, "RoleNameTaken")
      assert.strictEqual((yield* Access.getRole(role.id)).name, "helpdesk")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("never changes or deletes the admin role", () =>
    Effect.gen(function* () {
      const { adminRole } = yield* bootstrap(tenantA)
      const update = yield* Effect.flip(Access.updateRole({ id: adminRole.id, patch: { permissions: [] } }))
      const remove = yield* Effect.flip(Access.deleteRole(adminRole.id))
      assert.deepStrictEqual([update._tag, remove._tag], ["RoleImmutable", "RoleImmutable"])
      assert.deepStrictEqual((yield* Access.getRole(adminRole.id)).permissions, Permission.all)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses to delete a role a token holds, even a revoked one, and deletes it once none does", () =>
    Effect.gen(function* () {
      const held = yield* Access.createRole(support)
      const { token } = yield* Access.createToken({ name: "desk", roleId: held.id })
      yield* Access.revokeToken(token.id)
      const inUse = yield* Effect.flip(Access.deleteRole(held.id))
      assert.strictEqual(inUse.message, `role ${held.id} is held by API tokens and cannot be deleted`)
      const free = yield* Access.createRole({ name: "unused", permissions: [] })
      assert.strictEqual((yield* Access.deleteRole(free.id)).id, free.id)
      assert.deepStrictEqual(
        (yield* Access.listRoles()).map((role) => role.name),
        ["support"]
      )
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("treats another tenant's role as not found", () =>
    Effect.gen(function* () {
      const role = yield* asTenant(tenantA)(Access.createRole(support))
      const refusals = yield* asTenant(tenantB)(
        Effect.all([
          Effect.flip(Access.getRole(role.id)),
          Effect.flip(Access.updateRole({ id: role.id, patch: { name: "x" } })),
          Effect.flip(Access.deleteRole(role.id)),
          Effect.flip(Access.createToken({ name: "t", roleId: role.id }))
        ])
      )
      assert.deepStrictEqual(
        refusals.map((error) => error._tag),
        ["RoleNotFound", "RoleNotFound", "RoleNotFound", "RoleNotFound"]
      )
      assert.lengthOf(yield* asTenant(tenantB)(Access.listRoles()), 0)
    }).pipe(Effect.provide(layer))
  )
})

describe("Access tokens", () => {
  it.effect("returns the secret once, stores only its SHA-256 hash, and lists tokens without secrets", () =>
    Effect.gen(function* () {
      const role = yield* Access.createRole(support)
      const { token, secret } = yield* Access.createToken({ name: "CI", roleId: role.id })
      assert.isTrue(secret.startsWith(`${token.id}.`))
      const stored = (yield* Ref.get(yield* InMemoryAccess.Store)).tokens.get(token.id)
      assert.strictEqual(stored?.secretHash, yield* (yield* Secrets).hash(secret))
      assert.match(stored?.secretHash ?? "", /^[0-9a-f]{64}$/)
      assert.deepStrictEqual(yield* Access.listTokens(), [token])
      assert.notProperty(token, "secret")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("revokes a token, keeping the first revocation time; another tenant's token is not found", () =>
    Effect.gen(function* () {
      yield* setNow("2026-11-24T12:00:00Z")
      const role = yield* asTenant(tenantA)(Access.createRole(support))
      const { token } = yield* asTenant(tenantA)(Access.createToken({ name: "CI", roleId: role.id }))
      const foreign = yield* Effect.flip(asTenant(tenantB)(Access.revokeToken(token.id)))
      assert.strictEqual(foreign._tag, "ApiTokenNotFound")
      const revoked = yield* asTenant(tenantA)(Access.revokeToken(token.id))
      yield* TestClock.adjust("1 hour")
      const again = yield* asTenant(tenantA)(Access.revokeToken(token.id))
      assert.deepStrictEqual(again.revokedAt, revoked.revokedAt)
      assert.strictEqual(revoked.revokedAt?.epochMilliseconds, Date.parse("2026-11-24T12:00:00Z"))
      assert.lengthOf(yield* asTenant(tenantB)(Access.listTokens()), 0)
    }).pipe(Effect.provide(layer))
  )
})
