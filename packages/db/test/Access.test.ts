/**
 * Access control on the database: the RoleRepository and ApiTokenRepository contracts on the domain's in-memory
 * reference and on the SQL adapters over each driver; the node:crypto Secrets; and the access use cases end to end.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import {
  Access,
  type ApiTokenRepository,
  Grant,
  Ids,
  type RoleRepository,
  Secrets,
  Tenant,
  type Transactions
} from "@patron/domain"
import { InMemory, InMemoryAccess } from "@patron/domain/testing"
import { Effect, Layer, Option } from "effect"
import * as AccessChanges from "../src/AccessChanges.ts"
import * as ApiTokenRepositoryLive from "../src/ApiTokenRepository.ts"
import type { Database } from "../src/Database.ts"
import * as RoleRepositoryLive from "../src/RoleRepository.ts"
import * as SecretsLive from "../src/Secrets.ts"
import * as Tenants from "../src/Tenants.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import { apiTokenRepositoryContract } from "./contracts/ApiTokenRepository.ts"
import { freshTenantId } from "./contracts/customers.ts"
import { roleRepositoryContract } from "./contracts/RoleRepository.ts"
import { drivers } from "./databases.ts"

const inMemory = () => Layer.mergeAll(InMemory.layer, InMemoryAccess.layer)
roleRepositoryContract("the in-memory reference", inMemory)
apiTokenRepositoryContract("the in-memory reference", inMemory)

const sha256OfAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

describe("Secrets on node:crypto", () => {
  it.effect("hashes with SHA-256 as the in-memory reference does, and compares only equal strings as equal", () =>
    Effect.gen(function* () {
      const secrets = yield* Secrets
      assert.strictEqual(yield* secrets.hash("abc"), sha256OfAbc)
      const reference = yield* Effect.provide(Effect.service(Secrets), InMemoryAccess.layerSecrets)
      assert.strictEqual(yield* reference.hash("pat_ünïcode"), yield* secrets.hash("pat_ünïcode"))
      assert.isTrue(secrets.timingSafeEqual(sha256OfAbc, sha256OfAbc))
      assert.isFalse(secrets.timingSafeEqual(sha256OfAbc, `${sha256OfAbc.slice(0, 63)}0`))
      assert.isFalse(secrets.timingSafeEqual(sha256OfAbc, sha256OfAbc.slice(1)))
      const [first, second] = [yield* secrets.randomBytes(32), yield* secrets.randomBytes(32)]
      assert.strictEqual(first.length, 32)
      assert.notDeepEqual(first, second)
    }).pipe(Effect.provide(SecretsLive.layer))
  )
})

/** The access use cases against one database: what the API's middleware and the server's bootstrap rely on. */
const useCases = <E, R>(
  name: string,
  makeLayer: () => Layer.Layer<RoleRepository | ApiTokenRepository | Transactions | Secrets | Ids.Ids | R, E>,
  options: { readonly setup: (tenant: Tenant.TenantId) => Effect.Effect<void, never, R>; readonly skip?: string }
) =>
  describe.skipIf(options.skip !== undefined)(`Access use cases on ${name}`, () => {
    layer(makeLayer(), { timeout: "120 seconds" })("end to end", (it) => {
      const tenant = Effect.gen(function* () {
        const id = freshTenantId()
        yield* options.setup(id)
        return id
      })
      const as = (id: Tenant.TenantId) => Effect.provideService(Tenant.CurrentTenant, { id })

      it.effect("bootstraps tenants once each, and authenticates each secret in its own tenant only", () =>
        Effect.gen(function* () {
          const [a, b] = [yield* tenant, yield* tenant]
          const first = yield* Access.bootstrapTenant({ tenantId: a })
          const secret = Option.getOrThrow(first.created).secret
          assert.isTrue(Option.isNone((yield* Access.bootstrapTenant({ tenantId: a })).created))
          const other = Option.getOrThrow((yield* Access.bootstrapTenant({ tenantId: b })).created).secret
          const authenticated = yield* Access.authenticate(secret)
          assert.deepStrictEqual([authenticated.tenantId, authenticated.role.id], [a, first.adminRole.id])
          assert.strictEqual((yield* Access.authenticate(other)).tenantId, b)
          const forged = `${secret.split(".")[0]}.${"A".repeat(43)}`
          assert.strictEqual((yield* Effect.flip(Access.authenticate(forged))).reason, "unknown")
          yield* as(a)(Access.revokeToken(authenticated.token.id, Grant.operator))
          assert.strictEqual((yield* Effect.flip(Access.authenticate(secret))).reason, "revoked")
        })
      )

      it.effect("keeps the admin role immutable and refuses to delete a role a token holds", () =>
        Effect.gen(function* () {
          const t = yield* tenant
          const { adminRole } = yield* Access.bootstrapTenant({ tenantId: t })
          const refusals = yield* as(t)(
            Effect.gen(function* () {
              const support = yield* Access.createRole(
                { name: "support", permissions: ["orders:read"] },
                Grant.operator
              )
              yield* Access.createToken({ name: "desk", roleId: support.id }, Grant.operator)
              return yield* Effect.all([
                Effect.flip(Access.updateRole({ id: adminRole.id, patch: { name: "root" } }, Grant.operator)),
                Effect.flip(Access.deleteRole(adminRole.id, Grant.operator)),
                Effect.flip(Access.createRole({ name: "admin", permissions: [] }, Grant.operator)),
                Effect.flip(Access.deleteRole(support.id, Grant.operator))
              ])
            })
          )
          assert.deepStrictEqual(
            refusals.map((error) => error._tag),
            ["RoleImmutable", "RoleImmutable", "RoleNameTaken", "RoleInUse"]
          )
          assert.deepStrictEqual(
            (yield* as(t)(Access.listRoles())).map((role) => role.name),
            ["admin", "support"]
          )
        })
      )
    })
  })

/** Every write that can change what a token may do is announced on `patron_access` when it commits; nothing else. */
function announcements<E>(
  name: string,
  makeLayer: () => Layer.Layer<RoleRepository | ApiTokenRepository | Transactions | Secrets | Ids.Ids | Database, E>,
  options: { readonly setup: (tenant: Tenant.TenantId) => Effect.Effect<void, never, Database>; readonly skip?: string }
) {
  describe.skipIf(options.skip !== undefined)(`access changes announced on ${name}`, () => {
    layer(makeLayer(), { timeout: "120 seconds" })("patron_access", (it) => {
      it.effect("is notified for a token created or revoked and a role changed or deleted, not for a refusal", () =>
        Effect.gen(function* () {
          let heard = 0
          yield* AccessChanges.watch(() => heard++)
          const settled = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 300)))
          const t = freshTenantId()
          yield* options.setup(t)
          const { adminRole } = yield* Access.bootstrapTenant({ tenantId: t })
          yield* settled
          const afterBootstrap = heard
          const heardSince = Effect.map(settled, () => heard - afterBootstrap)
          const as = Effect.provideService(Tenant.CurrentTenant, { id: t })
          const support = yield* as(Access.createRole({ name: "support", permissions: [] }, Grant.operator))
          assert.strictEqual(yield* heardSince, 0, "creating a role changes no token")
          const { token } = yield* as(Access.createToken({ name: "desk", roleId: support.id }, Grant.operator))
          assert.strictEqual(yield* heardSince, 1, "a token created")
          yield* as(Access.updateRole({ id: support.id, patch: { permissions: ["orders:read"] } }, Grant.operator))
          assert.strictEqual(yield* heardSince, 2, "a role changed")
          yield* Effect.flip(as(Access.deleteRole(support.id, Grant.operator)))
          yield* Effect.flip(as(Access.updateRole({ id: adminRole.id, patch: { name: "root" } }, Grant.operator)))
          assert.strictEqual(yield* heardSince, 2, "refused writes announce nothing")
          yield* as(Access.revokeToken(token.id, Grant.operator))
          assert.strictEqual(yield* heardSince, 3, "a token revoked")
          const spare = yield* as(Access.createRole({ name: "spare", permissions: [] }, Grant.operator))
          yield* as(Access.deleteRole(spare.id, Grant.operator))
          assert.strictEqual(yield* heardSince, 4, "a role deleted")
        }).pipe(Effect.scoped)
      )
    })
  })
}

useCases("the in-memory reference", () => Layer.mergeAll(inMemory(), Ids.Ids.layer), { setup: () => Effect.void })

for (const driver of await drivers()) {
  const skip = driver.skip === undefined ? {} : { skip: driver.skip }
  const adapters = () =>
    Layer.mergeAll(RoleRepositoryLive.layer, ApiTokenRepositoryLive.layer, TransactionsLive.layer).pipe(
      Layer.provideMerge(driver.layer())
    )
  const setup = (tenant: Tenant.TenantId) => Effect.asVoid(Tenants.ensure({ id: tenant, name: tenant }))
  roleRepositoryContract(driver.name, adapters, { setup, ...skip })
  apiTokenRepositoryContract(driver.name, adapters, { setup, ...skip })
  const live = () => Layer.mergeAll(SecretsLive.layer, Ids.Ids.layer).pipe(Layer.provideMerge(adapters()))
  useCases(driver.name, live, { setup, ...skip })
  announcements(driver.name, live, { setup, ...skip })
}
