/**
 * The contract every RoleRepository adapter keeps (the domain's in-memory reference, PGlite, PostgreSQL), through the
 * port only: names unique per tenant, updates, deletion refused while API tokens hold the role, and tenant isolation.
 * Each test works in tenants of its own, so one database serves the suite. Also the role and token builders the
 * ApiTokenRepository contract shares.
 */
import { assert, describe, layer } from "@effect/vitest"
import {
  ApiToken,
  ApiTokenRepository,
  Ids,
  Role,
  RoleInUse,
  RoleRepository,
  type Tenant,
  Transactions
} from "@patron/domain"
import { DateTime, Effect, type Layer, Option, Schema } from "effect"
import { freshTenantId, sameError } from "./customers.ts"

const digits = (n: number) => Array.from({ length: 16 }, (_, i) => Math.floor(n / 32 ** (15 - i)) % 32)
let idCount = 0
/** A role id no other test of the run uses. */
export const freshRoleId = () => `rol_${Ids.ulid(2, digits(++idCount))}` as Role.RoleId
/** A token id no other test of the run uses: token ids are unique across tenants. */
export const freshTokenId = () => `pat_${Ids.ulid(2, digits(++idCount))}` as ApiToken.ApiTokenId

const start = Date.UTC(2026, 0, 1)
/** The instant `minutes` after the start of 2026. */
export const at = (minutes: number) => DateTime.makeUnsafe(start + minutes * 60_000)

/** A custom role with a fresh id. */
export const customRole = (name: string, permissions: Role.CreateInput["permissions"] = ["customers:read"]) =>
  Role.make({ name, permissions }, { id: freshRoleId(), now: at(0) })

/** A token holding `roleId`, with a fresh id. */
export const tokenOf = (roleId: Role.RoleId, name = "CI") =>
  ApiToken.make({ name, roleId }, { id: freshTokenId(), now: at(1) })

/** Roles and tokens as JSON, for comparing what was stored with what is read back. */
export const roleJson = (role: Role.Role) => Schema.encodeSync(Role.Role)(role)
export const tokenJson = (token: ApiToken.ApiToken) => Schema.encodeSync(ApiToken.ApiToken)(token)

/** How a contract makes a tenant its adapter can write to. */
export interface ContractOptions<R> {
  readonly setup?: (tenant: Tenant.TenantId) => Effect.Effect<void, never, R>
  readonly skip?: string
}

/** A fresh tenant, created where the adapter needs it to exist. */
export const tenantWith =
  <R>(options: ContractOptions<R>) =>
  () =>
    Effect.gen(function* () {
      const id = freshTenantId()
      if (options.setup !== undefined) yield* options.setup(id)
      return id
    })

/** Runs the contract on the layer `makeLayer` builds. */
export const roleRepositoryContract = <E, R>(
  name: string,
  makeLayer: () => Layer.Layer<RoleRepository | ApiTokenRepository | Transactions | R, E>,
  options: ContractOptions<R> = {}
) =>
  describe.skipIf(options.skip !== undefined)(`RoleRepository on ${name}`, () => {
    layer(makeLayer(), { timeout: "120 seconds" })("through the port", (it) => {
      const tenant = tenantWith(options)

      it.effect("finds a role exactly as stored, and lists the tenant's roles oldest first", () =>
        Effect.gen(function* () {
          const roles = yield* RoleRepository
          const t = yield* tenant()
          const admin = Role.admin({ id: freshRoleId(), now: at(0) })
          const support = customRole('support ünïcode "quoted"', ["orders:read", "customers:update"])
          yield* roles.insert(t, admin)
          yield* roles.insert(t, support)
          const found = yield* roles.find(t, support.id)
          assert.deepStrictEqual(Option.map(found, roleJson), Option.some(roleJson(support)))
          assert.deepStrictEqual((yield* roles.list(t)).map(roleJson), [roleJson(admin), roleJson(support)])
          assert.isTrue(Option.isNone(yield* roles.find(t, freshRoleId())))
        })
      )

      it.effect("refuses a name another role of the tenant has and stores nothing; other tenants may use it", () =>
        Effect.gen(function* () {
          const roles = yield* RoleRepository
          const [t, other] = [yield* tenant(), yield* tenant()]
          yield* roles.insert(t, customRole("support"))
          const taken = yield* Effect.flip(roles.insert(t, customRole("support")))
          sameError(taken, new Role.RoleNameTaken({ name: "support" }))
          assert.lengthOf(yield* roles.list(t), 1)
          yield* roles.insert(other, customRole("support"))
          assert.lengthOf(yield* roles.list(other), 1)
        })
      )

      it.effect("replaces a role; a taken name or an unknown id changes nothing", () =>
        Effect.gen(function* () {
          const roles = yield* RoleRepository
          const t = yield* tenant()
          const support = customRole("support")
          yield* roles.insert(t, support)
          yield* roles.insert(t, customRole("billing"))
          const renamed = { ...support, name: "helpdesk", permissions: [], updatedAt: at(5) }
          yield* roles.update(t, renamed)
          assert.deepStrictEqual(Option.map(yield* roles.find(t, support.id), roleJson), Option.some(roleJson(renamed)))
          const taken = yield* Effect.flip(roles.update(t, { ...renamed, name: "billing" }))
          sameError(taken, new Role.RoleNameTaken({ name: "billing" }))
          assert.deepStrictEqual(Option.map(yield* roles.find(t, support.id), roleJson), Option.some(roleJson(renamed)))
          const missing = customRole("ghost")
          sameError(yield* Effect.flip(roles.update(t, missing)), new Role.RoleNotFound({ id: missing.id }))
          assert.isTrue(Option.isNone(yield* roles.find(t, missing.id)))
        })
      )

      it.effect("deletes a role, and refuses to while any token holds it, a revoked one included", () =>
        Effect.gen(function* () {
          const roles = yield* RoleRepository
          const tokens = yield* ApiTokenRepository
          const t = yield* tenant()
          const held = customRole("held")
          const free = customRole("free")
          yield* roles.insert(t, held)
          yield* roles.insert(t, free)
          const token = tokenOf(held.id)
          yield* tokens.insert(t, token, "hash")
          yield* tokens.revoke(t, token.id, at(2))
          sameError(yield* Effect.flip(roles.remove(t, held.id)), new RoleInUse({ id: held.id }))
          yield* roles.remove(t, free.id)
          assert.deepStrictEqual(
            (yield* roles.list(t)).map((role) => role.id),
            [held.id]
          )
          sameError(yield* Effect.flip(roles.remove(t, free.id)), new Role.RoleNotFound({ id: free.id }))
        })
      )

      it.effect("leaves the caller's transaction usable after a refused write", () =>
        Effect.gen(function* () {
          const roles = yield* RoleRepository
          const t = yield* tenant()
          const [taken, other] = [customRole("taken"), customRole("other")]
          yield* roles.insert(t, taken)
          yield* roles.insert(t, other)
          yield* (yield* Transactions).run(
            Effect.gen(function* () {
              yield* Effect.flip(roles.insert(t, customRole("taken")))
              yield* Effect.flip(roles.update(t, { ...other, name: "taken" }))
              yield* roles.insert(t, customRole("later"))
            })
          )
          assert.deepStrictEqual(
            (yield* roles.list(t)).map((role) => role.name),
            ["taken", "other", "later"]
          )
        })
      )

      it.effect("never reads, changes or deletes another tenant's roles", () =>
        Effect.gen(function* () {
          const roles = yield* RoleRepository
          const [owner, stranger] = [yield* tenant(), yield* tenant()]
          const support = customRole("support")
          yield* roles.insert(owner, support)
          assert.isTrue(Option.isNone(yield* roles.find(stranger, support.id)))
          assert.lengthOf(yield* roles.list(stranger), 0)
          sameError(yield* Effect.flip(roles.update(stranger, support)), new Role.RoleNotFound({ id: support.id }))
          sameError(yield* Effect.flip(roles.remove(stranger, support.id)), new Role.RoleNotFound({ id: support.id }))
          assert.deepStrictEqual(
            Option.map(yield* roles.find(owner, support.id), roleJson),
            Option.some(roleJson(support))
          )
        })
      )
    })
  })
