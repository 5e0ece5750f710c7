import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Ref } from "effect"
import { TestClock } from "effect/testing"
import * as ApiToken from "../src/ApiToken.ts"
import * as Grant from "../src/Grant.ts"
import { Ids } from "../src/Ids.ts"
import * as Permission from "../src/Permission.ts"
import { Secrets } from "../src/ports/Secrets.ts"
import type * as Role from "../src/Role.ts"
import * as InMemory from "../src/testing/InMemory.ts"
import * as InMemoryAccess from "../src/testing/InMemoryAccess.ts"
import * as Access from "../src/usecases/Access.ts"
import { asTenant, bootstrap, setNow, tenantA, tenantB } from "./fixtures.ts"

const layer = Layer.mergeAll(InMemory.layer, InMemoryAccess.layer, Ids.layerSequential)

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
      yield* asTenant(tenantA)(Access.revokeToken(token!.id, Grant.operator))
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
      yield* asTenant(tenantA)(Access.revokeToken(id as ApiToken.ApiTokenId, Grant.operator))
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

describe("Access roles", () => {
  it.effect("lists the admin role first, then custom roles in creation order", () =>
    Effect.gen(function* () {
      yield* bootstrap(tenantA)
      yield* Access.createRole(support, Grant.operator)
      yield* Access.createRole({ name: "billing", permissions: ["orders:create"] }, Grant.operator)
      assert.deepStrictEqual(
        (yield* Access.listRoles()).map((role) => role.name),
        ["admin", "support", "billing"]
      )
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses a name another role of the tenant has, admin included, but not another tenant's", () =>
    Effect.gen(function* () {
      yield* bootstrap(tenantA)
      yield* asTenant(tenantA)(Access.createRole(support, Grant.operator))
      const taken = yield* Effect.flip(
        asTenant(tenantA)(Access.createRole({ ...support, permissions: [] }, Grant.operator))
      )
      assert.strictEqual(taken.message, "a role named support already exists")
      const admin = yield* Effect.flip(
        asTenant(tenantA)(Access.createRole({ name: "admin", permissions: [] }, Grant.operator))
      )
      assert.strictEqual(admin._tag, "RoleNameTaken")
      yield* asTenant(tenantB)(Access.createRole(support, Grant.operator))
    }).pipe(Effect.provide(layer))
  )

  it.effect("renames a custom role or replaces its permissions, stamping updatedAt; a taken name changes nothing", () =>
    Effect.gen(function* () {
      yield* setNow("2026-11-24T12:00:00Z")
      const role = yield* Access.createRole(support, Grant.operator)
      yield* Access.createRole({ name: "billing", permissions: [] }, Grant.operator)
      yield* TestClock.adjust("1 hour")
      const patch = { name: "helpdesk", permissions: ["customers:update" as const] }
      const updated = yield* Access.updateRole({ id: role.id, patch }, Grant.operator)
      assert.deepStrictEqual([updated.name, updated.permissions], ["helpdesk", ["customers:update"]])
      assert.strictEqual(updated.updatedAt.epochMilliseconds - role.createdAt.epochMilliseconds, 3_600_000)
      const taken = yield* Effect.flip(Access.updateRole({ id: role.id, patch: { name: "billing" } }, Grant.operator))
      assert.strictEqual(taken._tag, "RoleNameTaken")
      assert.strictEqual((yield* Access.getRole(role.id)).name, "helpdesk")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("never changes or deletes the admin role", () =>
    Effect.gen(function* () {
      const { adminRole } = yield* bootstrap(tenantA)
      const update = yield* Effect.flip(
        Access.updateRole({ id: adminRole.id, patch: { permissions: [] } }, Grant.operator)
      )
      const remove = yield* Effect.flip(Access.deleteRole(adminRole.id, Grant.operator))
      assert.deepStrictEqual([update._tag, remove._tag], ["RoleImmutable", "RoleImmutable"])
      assert.deepStrictEqual((yield* Access.getRole(adminRole.id)).permissions, Permission.all)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses to delete a role a token holds, even a revoked one, and deletes it once none does", () =>
    Effect.gen(function* () {
      const held = yield* Access.createRole(support, Grant.operator)
      const { token } = yield* Access.createToken({ name: "desk", roleId: held.id }, Grant.operator)
      yield* Access.revokeToken(token.id, Grant.operator)
      const inUse = yield* Effect.flip(Access.deleteRole(held.id, Grant.operator))
      assert.strictEqual(inUse.message, `role ${held.id} is held by API tokens and cannot be deleted`)
      const free = yield* Access.createRole({ name: "unused", permissions: [] }, Grant.operator)
      assert.strictEqual((yield* Access.deleteRole(free.id, Grant.operator)).id, free.id)
      assert.deepStrictEqual(
        (yield* Access.listRoles()).map((role) => role.name),
        ["support"]
      )
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("treats another tenant's role as not found", () =>
    Effect.gen(function* () {
      const role = yield* asTenant(tenantA)(Access.createRole(support, Grant.operator))
      const refusals = yield* asTenant(tenantB)(
        Effect.all([
          Effect.flip(Access.getRole(role.id)),
          Effect.flip(Access.updateRole({ id: role.id, patch: { name: "x" } }, Grant.operator)),
          Effect.flip(Access.deleteRole(role.id, Grant.operator)),
          Effect.flip(Access.createToken({ name: "t", roleId: role.id }, Grant.operator))
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
      const role = yield* Access.createRole(support, Grant.operator)
      const { token, secret } = yield* Access.createToken({ name: "CI", roleId: role.id }, Grant.operator)
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
      const role = yield* asTenant(tenantA)(Access.createRole(support, Grant.operator))
      const { token } = yield* asTenant(tenantA)(Access.createToken({ name: "CI", roleId: role.id }, Grant.operator))
      const foreign = yield* Effect.flip(asTenant(tenantB)(Access.revokeToken(token.id, Grant.operator)))
      assert.strictEqual(foreign._tag, "ApiTokenNotFound")
      const revoked = yield* asTenant(tenantA)(Access.revokeToken(token.id, Grant.operator))
      yield* TestClock.adjust("1 hour")
      const again = yield* asTenant(tenantA)(Access.revokeToken(token.id, Grant.operator))
      assert.deepStrictEqual(again.revokedAt, revoked.revokedAt)
      assert.strictEqual(revoked.revokedAt?.epochMilliseconds, Date.parse("2026-11-24T12:00:00Z"))
      assert.lengthOf(yield* asTenant(tenantB)(Access.listTokens()), 0)
    }).pipe(Effect.provide(layer))
  )
})

describe("Access: a caller grants only what it holds", () => {
  const names = Effect.map(Access.listRoles(), (roles) => roles.map((role) => `${role.name} ${role.permissions}`))
  const tokenIds = Effect.map(Access.listTokens(), (tokens) => tokens.map((token) => token.id))
  /** A custom role made by the operator and the grantor its holders are. */
  const holderOf = (name: string, permissions: ReadonlyArray<Permission.Permission>) =>
    Effect.map(Access.createRole({ name, permissions }, Grant.operator), (role) => ({
      role,
      grantor: Grant.ofRole(role)
    }))
  const messageOf = <A, E extends { readonly message: string }, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.map(Effect.flip(effect), (error) => error.message)

  it.effect("refuses an access:create-only caller a role with permissions it lacks, or a token above it", () =>
    Effect.gen(function* () {
      const { adminRole } = yield* bootstrap(tenantA)
      const creator = yield* holderOf("creator", ["access:create"])
      const above = yield* holderOf("above", ["access:create", "usage:delete"])
      const [rolesBefore, tokensBefore] = [yield* names, yield* tokenIds]
      const full = yield* messageOf(Access.createRole({ name: "full", permissions: Permission.all }, creator.grantor))
      const lacking = Permission.all.filter((permission) => permission !== "access:create")
      assert.strictEqual(full, `cannot grant permissions you do not hold: ${lacking.join(", ")}`)
      const partly = { name: "partly", permissions: ["access:create", "webhooks:update", "usage:delete"] as const }
      assert.strictEqual(
        yield* messageOf(Access.createRole({ ...partly, permissions: [...partly.permissions] }, creator.grantor)),
        "cannot grant permissions you do not hold: usage:delete, webhooks:update"
      )
      assert.strictEqual(
        yield* messageOf(Access.createToken({ name: "root", roleId: adminRole.id }, creator.grantor)),
        "only the admin role can create tokens for the admin role"
      )
      assert.strictEqual(
        yield* messageOf(Access.createToken({ name: "up", roleId: above.role.id }, creator.grantor)),
        "cannot grant permissions you do not hold: usage:delete"
      )
      assert.deepStrictEqual([yield* names, yield* tokenIds], [rolesBefore, tokensBefore])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("lets an access:create caller make roles and tokens within its own permissions", () =>
    Effect.gen(function* () {
      const creator = yield* holderOf("creator", ["access:create", "customers:read"])
      const reader = yield* Access.createRole({ name: "reader", permissions: ["customers:read"] }, creator.grantor)
      const { token } = yield* Access.createToken({ name: "reader", roleId: reader.id }, creator.grantor)
      const own = yield* Access.createToken({ name: "twin", roleId: creator.role.id }, creator.grantor)
      assert.deepStrictEqual([token.roleId, own.token.roleId], [reader.id, creator.role.id])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses an access:update-only caller adding permissions to its own role or to another", () =>
    Effect.gen(function* () {
      const updater = yield* holderOf("updater", ["access:update"])
      const empty = yield* holderOf("empty", [])
      const before = yield* names
      const grow = { permissions: ["access:update", "access:create", "access:delete"] as Array<Permission.Permission> }
      assert.strictEqual(
        yield* messageOf(Access.updateRole({ id: updater.role.id, patch: grow }, updater.grantor)),
        "cannot grant permissions you do not hold: access:create, access:delete"
      )
      assert.strictEqual(
        yield* messageOf(
          Access.updateRole({ id: empty.role.id, patch: { permissions: ["orders:read"] } }, updater.grantor)
        ),
        "cannot grant permissions you do not hold: orders:read"
      )
      assert.deepStrictEqual(yield* names, before)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("lets an access:update caller rename or narrow roles within reach, its own too, and nothing above", () =>
    Effect.gen(function* () {
      const { adminRole } = yield* bootstrap(tenantA)
      const updater = yield* holderOf("updater", ["access:update", "customers:read"])
      const weak = yield* holderOf("weak", ["customers:read"])
      const strong = yield* holderOf("strong", ["customers:read", "usage:delete"])
      yield* Access.updateRole({ id: weak.role.id, patch: { name: "weaker", permissions: [] } }, updater.grantor)
      const own = yield* Access.updateRole(
        { id: updater.role.id, patch: { permissions: ["access:update"] } },
        updater.grantor
      )
      assert.deepStrictEqual(own.permissions, ["access:update"])
      const outOfReach = `cannot change role ${strong.role.id}: it holds permissions you do not hold: usage:delete`
      const strip = { id: strong.role.id, patch: { permissions: ["customers:read" as const] } }
      assert.strictEqual(yield* messageOf(Access.updateRole(strip, updater.grantor)), outOfReach)
      const rename = { id: strong.role.id, patch: { name: "demoted" } }
      assert.strictEqual(yield* messageOf(Access.updateRole(rename, updater.grantor)), outOfReach)
      const root = { id: adminRole.id, patch: { name: "root" } }
      assert.strictEqual(
        yield* messageOf(Access.updateRole(root, updater.grantor)),
        "roles other than admin cannot change the admin role"
      )
      assert.deepStrictEqual(yield* names, [
        `admin ${Permission.all}`,
        "updater access:update",
        "weaker ",
        "strong customers:read,usage:delete"
      ])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses deleting a role above the caller or revoking its tokens; admin tokens are admin's alone", () =>
    Effect.gen(function* () {
      const { adminRole } = yield* bootstrap(tenantA)
      const deleter = yield* holderOf("deleter", ["access:delete"])
      const everything = yield* holderOf("everything", Permission.all)
      const strong = yield* holderOf("strong", ["usage:delete"])
      const held = yield* Access.createToken({ name: "strong", roleId: strong.role.id }, Grant.operator)
      const spareAdmin = yield* Access.createToken({ name: "spare", roleId: adminRole.id }, Grant.operator)
      const reach = `role ${strong.role.id}: it holds permissions you do not hold: usage:delete`
      assert.strictEqual(yield* messageOf(Access.deleteRole(strong.role.id, deleter.grantor)), `cannot delete ${reach}`)
      assert.strictEqual(
        yield* messageOf(Access.revokeToken(held.token.id, deleter.grantor)),
        `cannot revoke a token of ${reach}`
      )
      for (const grantor of [deleter.grantor, everything.grantor]) {
        assert.strictEqual(
          yield* messageOf(Access.revokeToken(spareAdmin.token.id, grantor)),
          "only the admin role can revoke tokens of the admin role"
        )
      }
      assert.isTrue((yield* Access.listTokens()).every((token) => token.revokedAt === undefined))
      assert.strictEqual((yield* Access.getRole(strong.role.id)).id, strong.role.id)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("lets the admin role grant, change, revoke and delete anything", () =>
    Effect.gen(function* () {
      const { adminRole } = yield* bootstrap(tenantA)
      const admin = Grant.ofRole(adminRole)
      const full = yield* Access.createRole({ name: "full", permissions: Permission.all }, admin)
      const fullToken = yield* Access.createToken({ name: "full", roleId: full.id }, admin)
      const adminToken = yield* Access.createToken({ name: "root", roleId: adminRole.id }, admin)
      yield* Access.updateRole({ id: full.id, patch: { name: "most", permissions: ["usage:delete"] } }, admin)
      yield* Access.revokeToken(fullToken.token.id, admin)
      yield* Access.revokeToken(adminToken.token.id, admin)
      const spare = yield* Access.createRole({ name: "spare", permissions: Permission.all }, admin)
      assert.strictEqual((yield* Access.deleteRole(spare.id, admin)).id, spare.id)
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})
