/**
 * The contract every ApiTokenRepository adapter keeps (the domain's in-memory reference, PGlite, PostgreSQL), through
 * the port only: tokens stored with their secret's hash, found across tenants by id for authentication, revoked
 * once, their uses recorded in batches, and tenant isolation. Each test works in tenants of its own.
 */
import { assert, describe, layer } from "@effect/vitest"
import { ApiToken, ApiTokenRepository, Role, RoleRepository } from "@patron/domain"
import { Effect, type Layer, Option } from "effect"
import { sameError } from "./customers.ts"
import {
  at,
  type ContractOptions,
  customRole,
  freshTokenId,
  roleJson,
  tenantWith,
  tokenJson,
  tokenOf
} from "./RoleRepository.ts"

/** Runs the contract on the layer `makeLayer` builds. */
export const apiTokenRepositoryContract = <E, R>(
  name: string,
  makeLayer: () => Layer.Layer<RoleRepository | ApiTokenRepository | R, E>,
  options: ContractOptions<R> = {}
) =>
  describe.skipIf(options.skip !== undefined)(`ApiTokenRepository on ${name}`, () => {
    layer(makeLayer(), { timeout: "120 seconds" })("through the port", (it) => {
      const tenant = tenantWith(options)
      /** A fresh tenant with one role, and its first token stored under `hash-1`. */
      const seeded = Effect.gen(function* () {
        const t = yield* tenant()
        const role = customRole("support", ["orders:read"])
        yield* (yield* RoleRepository).insert(t, role)
        const token = tokenOf(role.id)
        yield* (yield* ApiTokenRepository).insert(t, token, "hash-1")
        return { t, role, token }
      })

      it.effect("finds and lists the tenant's tokens exactly as stored, oldest first, without their hashes", () =>
        Effect.gen(function* () {
          const tokens = yield* ApiTokenRepository
          const { t, role, token } = yield* seeded
          const second = tokenOf(role.id, "deploy ünïcode")
          yield* tokens.insert(t, second, "hash-2")
          assert.deepStrictEqual(Option.map(yield* tokens.find(t, token.id), tokenJson), Option.some(tokenJson(token)))
          assert.deepStrictEqual((yield* tokens.list(t)).map(tokenJson), [tokenJson(token), tokenJson(second)])
          assert.isTrue(Option.isNone(yield* tokens.find(t, freshTokenId())))
        })
      )

      it.effect("refuses a token whose role the tenant does not have, and stores nothing", () =>
        Effect.gen(function* () {
          const tokens = yield* ApiTokenRepository
          const { t } = yield* seeded
          const elsewhere = yield* seeded
          for (const roleId of [customRole("ghost").id, elsewhere.role.id]) {
            const token = tokenOf(roleId)
            sameError(yield* Effect.flip(tokens.insert(t, token, "hash")), new Role.RoleNotFound({ id: roleId }))
            assert.isTrue(Option.isNone(yield* tokens.authenticate(token.id)))
          }
          assert.lengthOf(yield* tokens.list(t), 1)
        })
      )

      it.effect("authenticates by id across tenants, giving the token's tenant, hash and role", () =>
        Effect.gen(function* () {
          const tokens = yield* ApiTokenRepository
          const a = yield* seeded
          const b = yield* seeded
          for (const { t, role, token } of [a, b]) {
            const stored = Option.getOrThrow(yield* tokens.authenticate(token.id))
            assert.deepStrictEqual(
              { ...stored, token: tokenJson(stored.token), role: roleJson(stored.role) },
              { tenantId: t, token: tokenJson(token), secretHash: "hash-1", role: roleJson(role) }
            )
          }
          assert.isTrue(Option.isNone(yield* tokens.authenticate(freshTokenId())))
        })
      )

      it.effect("revokes a token once, keeping the first time, and authentication sees it revoked", () =>
        Effect.gen(function* () {
          const tokens = yield* ApiTokenRepository
          const { t, token } = yield* seeded
          const revoked = yield* tokens.revoke(t, token.id, at(10))
          assert.deepStrictEqual(tokenJson(revoked), tokenJson(ApiToken.revoke(token, at(10))))
          const again = yield* tokens.revoke(t, token.id, at(20))
          assert.deepStrictEqual(tokenJson(again), tokenJson(revoked))
          const stored = Option.getOrThrow(yield* tokens.authenticate(token.id))
          assert.isFalse(ApiToken.isActive(stored.token))
          const missing = freshTokenId()
          sameError(
            yield* Effect.flip(tokens.revoke(t, missing, at(10))),
            new ApiToken.ApiTokenNotFound({ id: missing })
          )
        })
      )

      it.effect("records a batch of uses in one call: the latest use per token, never moving back", () =>
        Effect.gen(function* () {
          const tokens = yield* ApiTokenRepository
          const a = yield* seeded
          const b = yield* seeded
          yield* tokens.touch([])
          yield* tokens.touch([
            { tenantId: a.t, id: a.token.id, at: at(5) },
            { tenantId: a.t, id: a.token.id, at: at(7) },
            { tenantId: b.t, id: b.token.id, at: at(6) },
            { tenantId: a.t, id: freshTokenId(), at: at(6) }
          ])
          const lastUse = (t: typeof a) =>
            Effect.map(tokens.find(t.t, t.token.id), (found) => Option.getOrThrow(found).lastUsedAt?.epochMilliseconds)
          assert.deepStrictEqual(
            [yield* lastUse(a), yield* lastUse(b)],
            [at(7).epochMilliseconds, at(6).epochMilliseconds]
          )
          yield* tokens.touch([{ tenantId: a.t, id: a.token.id, at: at(1) }])
          assert.strictEqual(yield* lastUse(a), at(7).epochMilliseconds)
          const listed = (yield* tokens.list(a.t))[0]
          assert.strictEqual(listed?.lastUsedAt?.epochMilliseconds, at(7).epochMilliseconds)
        })
      )

      it.effect("never reads, revokes or touches another tenant's tokens", () =>
        Effect.gen(function* () {
          const tokens = yield* ApiTokenRepository
          const owner = yield* seeded
          const stranger = yield* tenant()
          assert.isTrue(Option.isNone(yield* tokens.find(stranger, owner.token.id)))
          assert.lengthOf(yield* tokens.list(stranger), 0)
          const refused = yield* Effect.flip(tokens.revoke(stranger, owner.token.id, at(10)))
          sameError(refused, new ApiToken.ApiTokenNotFound({ id: owner.token.id }))
          yield* tokens.touch([{ tenantId: stranger, id: owner.token.id, at: at(10) }])
          const stored = Option.getOrThrow(yield* tokens.find(owner.t, owner.token.id))
          assert.deepStrictEqual(tokenJson(stored), tokenJson(owner.token))
        })
      )
    })
  })
