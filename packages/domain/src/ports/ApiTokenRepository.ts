/**
 * The API token store. A token's record is kept beside the hash of its secret, which only `authenticate` reads.
 * `authenticate` is the one operation that crosses tenants: a presented secret names its token id, and token ids are
 * unique across tenants.
 */
import { Context, type DateTime, type Effect, type Option } from "effect"
import type * as ApiToken from "../ApiToken.ts"
import type * as Role from "../Role.ts"
import type { TenantId } from "../Tenant.ts"

/** A token as authentication sees it: its tenant, its record, its secret's hash and its role. */
export interface StoredToken {
  readonly tenantId: TenantId
  readonly token: ApiToken.ApiToken
  readonly secretHash: string
  readonly role: Role.Role
}

/** That a token was used at `at`. */
export interface Use {
  readonly tenantId: TenantId
  readonly id: ApiToken.ApiTokenId
  readonly at: DateTime.Utc
}

/** Reads and writes API tokens. */
export class ApiTokenRepository extends Context.Service<
  ApiTokenRepository,
  {
    /** Stores a new token with the hash of its secret; fails when the tenant has no role of the token's `roleId`. */
    readonly insert: (
      tenant: TenantId,
      token: ApiToken.ApiToken,
      secretHash: string
    ) => Effect.Effect<void, Role.RoleNotFound>
    /** Finds a token by id in any tenant, with what authentication needs. */
    readonly authenticate: (id: ApiToken.ApiTokenId) => Effect.Effect<Option.Option<StoredToken>>
    /** Every token of the tenant (revoked ones included), oldest first. */
    readonly list: (tenant: TenantId) => Effect.Effect<ReadonlyArray<ApiToken.ApiToken>>
    /** Finds a token of the tenant by id. */
    readonly find: (tenant: TenantId, id: ApiToken.ApiTokenId) => Effect.Effect<Option.Option<ApiToken.ApiToken>>
    /** Revokes a token at `at` (a revoked token keeps its first time) and gives it back. */
    readonly revoke: (
      tenant: TenantId,
      id: ApiToken.ApiTokenId,
      at: DateTime.Utc
    ) => Effect.Effect<ApiToken.ApiToken, ApiToken.ApiTokenNotFound>
    /** Records uses in one write; `lastUsedAt` only moves forward, and unknown tokens are skipped. */
    readonly touch: (uses: ReadonlyArray<Use>) => Effect.Effect<void>
  }
>()("@patron/domain/ApiTokenRepository") {}
