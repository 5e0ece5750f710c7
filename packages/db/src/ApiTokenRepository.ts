/**
 * The domain's ApiTokenRepository on the database. A token's record is its JSON document; `revoked_at` and
 * `last_used_at` live in columns of their own (authoritative over the document), so revoking and batched use updates
 * touch no JSON. The secret's hash sits in `secret_hash`, which only `authenticate` reads. Token ids are unique across
 * tenants, which lets `authenticate` find a token by the id its secret names.
 */
import { ApiToken, ApiTokenRepository, Role, type Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import * as AccessChanges from "./AccessChanges.ts"
import { Database } from "./Database.ts"
import type { SqlError } from "./SqlError.ts"
import { apiTokens } from "./schema.ts"

// PostgreSQL's name for the foreign key of migration 0001 that ties a token to a role of its tenant.
const roleConstraint = "api_tokens_tenant_id_role_id_fkey"

type TokenRow = {
  readonly document: unknown
  readonly revoked_at: Date | string | null
  readonly last_used_at: Date | string | null
}

const iso = (value: Date | string) => new Date(value).toISOString()

/** A row as the token it stores, the columns overriding the document's `revokedAt` and `lastUsedAt`. */
const decodeToken = (row: TokenRow) =>
  Schema.decodeUnknownEffect(ApiToken.ApiToken)({
    ...(row.document as object),
    ...(row.revoked_at === null ? {} : { revokedAt: iso(row.revoked_at) }),
    ...(row.last_used_at === null ? {} : { lastUsedAt: iso(row.last_used_at) })
  }).pipe(Effect.orDie)

const documentOf = ({ lastUsedAt: _, revokedAt: __, ...record }: ApiToken.ApiToken) =>
  sql`${JSON.stringify(Schema.encodeSync(ApiToken.ApiToken)(record))}::jsonb`
const instant = (at: DateTime.Utc | undefined) => (at === undefined ? null : DateTime.formatIso(at))
const tokenColumns = sql`${apiTokens.document} as document, ${apiTokens.revokedAt} as revoked_at,
  ${apiTokens.lastUsedAt} as last_used_at`

const make = Effect.gen(function* () {
  const db = yield* Database

  /** Runs a write under a savepoint in the caller's transaction (or a new one); a failure undoes only the write. */
  const guarded = <A, E>(write: Effect.Effect<A, E | SqlError>): Effect.Effect<A, E | SqlError> =>
    db.transaction(
      db.query(sql`savepoint api_token_write`).pipe(
        Effect.andThen(write),
        Effect.tap(() => db.query(sql`release savepoint api_token_write`)),
        Effect.tapError(() => db.query(sql`rollback to savepoint api_token_write`))
      )
    )

  const select = (tenant: Tenant.TenantId, condition = sql`true`) =>
    db
      .query<TokenRow>(
        sql`select ${tokenColumns} from ${apiTokens}
          where ${apiTokens.tenantId} = ${tenant} and ${condition} order by ${apiTokens.id}`
      )
      .pipe(
        Effect.orDie,
        Effect.flatMap((rows) => Effect.forEach(rows, decodeToken))
      )

  return ApiTokenRepository.of({
    insert: (tenant, token, secretHash) =>
      guarded(
        db
          .query(
            sql`insert into ${apiTokens} (tenant_id, id, role_id, secret_hash, revoked_at, last_used_at, document)
            values (${tenant}, ${token.id}, ${token.roleId}, ${secretHash}, ${instant(token.revokedAt)}::timestamptz,
              ${instant(token.lastUsedAt)}::timestamptz, ${documentOf(token)})`
          )
          .pipe(Effect.andThen(AccessChanges.announce(db)))
      ).pipe(
        Effect.asVoid,
        Effect.catchTag("SqlError", (error) =>
          error.code === "23503" && (error.constraint === roleConstraint || error.detail.includes(roleConstraint))
            ? Effect.fail(new Role.RoleNotFound({ id: token.roleId }))
            : Effect.die(error)
        )
      ),

    authenticate: (id) =>
      Effect.gen(function* () {
        const rows = yield* db.query<TokenRow & { tenant_id: string; secret_hash: string; role: unknown }>(
          sql`select t.tenant_id, t.secret_hash, t.document, t.revoked_at, t.last_used_at, r.document as role
            from api_tokens t join roles r on r.tenant_id = t.tenant_id and r.id = t.role_id
            where t.id = ${id}`
        )
        const row = rows[0]
        if (row === undefined) return Option.none()
        return Option.some({
          tenantId: row.tenant_id as Tenant.TenantId,
          token: yield* decodeToken(row),
          secretHash: row.secret_hash,
          role: yield* Schema.decodeUnknownEffect(Role.Role)(row.role)
        })
      }).pipe(Effect.orDie),

    list: (tenant) => select(tenant),

    find: (tenant, id) =>
      Effect.map(select(tenant, sql`${apiTokens.id} = ${id}`), (found) => Option.fromNullishOr(found[0])),

    revoke: (tenant, id, at) =>
      db
        .transaction(
          Effect.gen(function* () {
            const rows = yield* db.query<TokenRow>(
              sql`update ${apiTokens} set revoked_at = coalesce(revoked_at, ${DateTime.formatIso(at)}::timestamptz)
                where ${apiTokens.tenantId} = ${tenant} and ${apiTokens.id} = ${id} returning ${tokenColumns}`
            )
            const row = rows[0]
            if (row === undefined) return yield* new ApiToken.ApiTokenNotFound({ id })
            yield* AccessChanges.announce(db)
            return yield* decodeToken(row)
          })
        )
        .pipe(Effect.catchTag("SqlError", Effect.die)),

    touch: (uses) => {
      if (uses.length === 0) return Effect.void
      const entries = uses.map((use) => ({ tenant_id: use.tenantId, id: use.id, at: DateTime.formatIso(use.at) }))
      // One statement for the batch; a token named twice takes its latest use, and lastUsedAt never moves back.
      return db
        .query(
          sql`update api_tokens as t set last_used_at = greatest(t.last_used_at, u.at)
            from (select x.tenant_id, x.id, max(x.at) as at
                  from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as x(tenant_id text, id text, at timestamptz)
                  group by x.tenant_id, x.id) as u
            where t.tenant_id = u.tenant_id and t.id = u.id`
        )
        .pipe(Effect.asVoid, Effect.orDie)
    }
  })
})

/** The ApiTokenRepository port over the Database. */
export const layer = Layer.effect(ApiTokenRepository)(make)
