import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Grant from "../src/Grant.ts"
import { Ids } from "../src/Ids.ts"
import * as Principal from "../src/Principal.ts"
import type * as Role from "../src/Role.ts"
import * as InMemory from "../src/testing/InMemory.ts"
import * as InMemoryAccess from "../src/testing/InMemoryAccess.ts"
import * as Access from "../src/usecases/Access.ts"
import { asTenant, bootstrap, tenantA, tenantB } from "./fixtures.ts"

const layer = Layer.mergeAll(InMemory.layer, InMemoryAccess.layer, Ids.layerSequential)
const support: Role.CreateInput = { name: "support", permissions: ["customers:read", "orders:read"] }

describe("Principal.ofToken and Principal.me", () => {
  it.effect(
    "make the caller of a token: its tenant, token, role and permissions; admin only for the built-in role",
    () =>
      Effect.gen(function* () {
        yield* bootstrap(tenantA)
        const role = yield* asTenant(tenantA)(Access.createRole(support, Grant.operator))
        const { secret, token } = yield* asTenant(tenantA)(
          Access.createToken({ name: "desk", roleId: role.id }, Grant.operator)
        )
        const principal = Principal.ofToken(yield* Access.authenticate(secret))
        assert.deepStrictEqual(principal, {
          tenantId: tenantA,
          tokenId: token.id,
          roleId: role.id,
          roleName: "support",
          isAdmin: false,
          permissions: support.permissions
        })
        assert.deepStrictEqual(Principal.me(principal), {
          tenantId: tenantA,
          tokenId: token.id,
          role: "support",
          permissions: support.permissions
        })
        const admin = Principal.ofToken(yield* Access.authenticate((yield* bootstrap(tenantB)).secret))
        assert.strictEqual(admin.isAdmin, true)
      }).pipe(Effect.provide(layer))
  )
})
