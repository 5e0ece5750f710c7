/**
 * In-memory adapters of the access ports (roles, API tokens, secrets), for use-case tests and as the reference the SQL
 * adapters are held to by the shared contract suites. Secrets here are deterministic: random bytes come from a
 * counter, hashes are real SHA-256 (Web Crypto). Writes here are not undone by `InMemory`'s transaction rollback.
 */
import { Context, DateTime, Effect, Layer, Option, Ref } from "effect"
import { Hex } from "effect/encoding"
import * as ApiToken from "../ApiToken.ts"
import { ApiTokenRepository } from "../ports/ApiTokenRepository.ts"
import { RoleInUse, RoleRepository } from "../ports/RoleRepository.ts"
import { Secrets } from "../ports/Secrets.ts"
import * as Role from "../Role.ts"
import type { TenantId } from "../Tenant.ts"

// Web Crypto exists in every runtime Patron targets; the domain's lib has no DOM or Node types.
declare const crypto: { subtle: { digest: (algorithm: "SHA-256", data: Uint8Array) => Promise<ArrayBuffer> } }
declare const TextEncoder: new () => { encode: (text: string) => Uint8Array }

/** A stored token: its tenant, record and secret hash. Token ids are unique across tenants. */
interface TokenEntry {
  readonly tenantId: TenantId
  readonly token: ApiToken.ApiToken
  readonly secretHash: string
}

/** Everything the in-memory access store holds: roles keyed `tenant/id`, tokens keyed by id. */
export interface State {
  readonly roles: ReadonlyMap<string, Role.Role>
  readonly tokens: ReadonlyMap<string, TokenEntry>
}

/** The store itself, so tests can look at what was written (secret hashes, say). */
export class Store extends Context.Service<Store, Ref.Ref<State>>()("@patron/domain/testing/AccessStore") {}

const key = (tenant: TenantId, id: string) => `${tenant}/${id}`
const byId = <A extends { readonly id: string }>(items: Iterable<A>) =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
const rolesOf = (state: State, tenant: TenantId) =>
  byId([...state.roles].filter(([k]) => k.startsWith(`${tenant}/`)).map(([, role]) => role))
const tokenOf = (state: State, tenant: TenantId, id: string) => {
  const entry = state.tokens.get(id)
  return entry?.tenantId === tenant ? entry : undefined
}
const laterOf = (a: DateTime.Utc | undefined, b: DateTime.Utc) => (a === undefined || DateTime.isLessThan(a, b) ? b : a)

const nameTaken = (state: State, tenant: TenantId, role: Role.Role) =>
  rolesOf(state, tenant).some((other) => other.id !== role.id && other.name === role.name)

const roleRepository = (store: Ref.Ref<State>) => {
  const put = (state: State, tenant: TenantId, role: Role.Role) =>
    Ref.set(store, { ...state, roles: new Map(state.roles).set(key(tenant, role.id), role) })
  return RoleRepository.of({
    insert: (tenant, role) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        if (nameTaken(state, tenant, role)) return yield* new Role.RoleNameTaken({ name: role.name })
        yield* put(state, tenant, role)
      }),
    update: (tenant, role) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        if (!state.roles.has(key(tenant, role.id))) return yield* new Role.RoleNotFound({ id: role.id })
        if (nameTaken(state, tenant, role)) return yield* new Role.RoleNameTaken({ name: role.name })
        yield* put(state, tenant, role)
      }),
    find: (tenant, id) => Effect.map(Ref.get(store), (state) => Option.fromNullishOr(state.roles.get(key(tenant, id)))),
    list: (tenant) => Effect.map(Ref.get(store), (state) => rolesOf(state, tenant)),
    remove: (tenant, id) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        if (!state.roles.has(key(tenant, id))) return yield* new Role.RoleNotFound({ id })
        const tokens = [...state.tokens.values()]
        if (tokens.some((entry) => entry.tenantId === tenant && entry.token.roleId === id)) {
          return yield* new RoleInUse({ id })
        }
        const roles = new Map(state.roles)
        roles.delete(key(tenant, id))
        yield* Ref.set(store, { ...state, roles })
      })
  })
}

const tokenRepository = (store: Ref.Ref<State>) =>
  ApiTokenRepository.of({
    insert: (tenantId, token, secretHash) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        if (!state.roles.has(key(tenantId, token.roleId))) return yield* new Role.RoleNotFound({ id: token.roleId })
        if (state.tokens.has(token.id)) return yield* Effect.die(new Error(`API token ${token.id} already exists`))
        yield* Ref.set(store, {
          ...state,
          tokens: new Map(state.tokens).set(token.id, { tenantId, token, secretHash })
        })
      }),
    authenticate: (id) =>
      Effect.map(Ref.get(store), (state) => {
        const entry = state.tokens.get(id)
        const role = entry && state.roles.get(key(entry.tenantId, entry.token.roleId))
        return entry && role ? Option.some({ ...entry, role }) : Option.none()
      }),
    list: (tenant) =>
      Effect.map(Ref.get(store), (state) =>
        byId([...state.tokens.values()].filter((entry) => entry.tenantId === tenant).map((entry) => entry.token))
      ),
    find: (tenant, id) =>
      Effect.map(Ref.get(store), (state) => Option.fromNullishOr(tokenOf(state, tenant, id)?.token)),
    revoke: (tenant, id, at) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        const entry = tokenOf(state, tenant, id)
        if (entry === undefined) return yield* new ApiToken.ApiTokenNotFound({ id })
        const token = ApiToken.revoke(entry.token, at)
        yield* Ref.set(store, { ...state, tokens: new Map(state.tokens).set(id, { ...entry, token }) })
        return token
      }),
    touch: (uses) =>
      Ref.update(store, (state) => {
        const tokens = new Map(state.tokens)
        for (const use of uses) {
          const entry = tokenOf({ ...state, tokens }, use.tenantId, use.id)
          if (entry === undefined) continue
          const token = { ...entry.token, lastUsedAt: laterOf(entry.token.lastUsedAt, use.at) }
          tokens.set(use.id, { ...entry, token })
        }
        return { ...state, tokens }
      })
  })

/** Secrets whose "random" bytes count up from 1 call by call, so tests can predict every secret. */
export const layerSecrets = Layer.effect(Secrets)(
  Effect.map(Ref.make(0), (calls) =>
    Secrets.of({
      randomBytes: (length) =>
        Effect.map(
          Ref.updateAndGet(calls, (n) => n + 1),
          (n) => Uint8Array.from({ length }, (_, i) => (n * 37 + i) & 255)
        ),
      hash: (secret) =>
        Effect.promise(() => crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret))).pipe(
          Effect.map((digest) => Hex.encode(new Uint8Array(digest)))
        ),
      timingSafeEqual: (a, b) => {
        let difference = a.length ^ b.length
        for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
        return difference === 0
      }
    })
  )
)

/** Roles and API tokens over one in-memory store, the store itself, and deterministic secrets. */
export const layer = Layer.effectContext(
  Effect.map(Ref.make<State>({ roles: new Map(), tokens: new Map() }), (store) =>
    Context.make(Store, store).pipe(
      Context.add(RoleRepository, roleRepository(store)),
      Context.add(ApiTokenRepository, tokenRepository(store))
    )
  )
).pipe(Layer.merge(layerSecrets))
