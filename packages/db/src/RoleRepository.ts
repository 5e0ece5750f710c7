/**
 * The domain's RoleRepository on the database: each role is its JSON document beside the name column whose unique
 * constraint makes names unique per tenant. API tokens point at their role by foreign key, so a role that tokens
 * hold cannot be deleted. Writes run under a savepoint, so a refused write leaves the caller's transaction usable.
 */
import { Role, RoleInUse, RoleRepository, type Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Effect, Layer, Option, Schema } from "effect"
import * as AccessChanges from "./AccessChanges.ts"
import { Database } from "./Database.ts"
import { isUniqueViolation, type SqlError } from "./SqlError.ts"
import { roles } from "./schema.ts"

// PostgreSQL's names for the constraints of migration 0001.
const nameConstraint = "roles_tenant_id_name_key"
const foreignKeyViolation = "23503"

const decodeRoles = (rows: ReadonlyArray<{ readonly document: unknown }>) =>
  Effect.forEach(rows, (row) => Schema.decodeUnknownEffect(Role.Role)(row.document)).pipe(Effect.orDie)
const documentOf = (role: Role.Role) => sql`${JSON.stringify(Schema.encodeSync(Role.Role)(role))}::jsonb`

const make = Effect.gen(function* () {
  const db = yield* Database

  /** Runs a write under a savepoint in the caller's transaction (or a new one); a failure undoes only the write. */
  const guarded = <A, E>(write: Effect.Effect<A, E | SqlError>): Effect.Effect<A, E | SqlError> =>
    db.transaction(
      db.query(sql`savepoint role_write`).pipe(
        Effect.andThen(write),
        Effect.tap(() => db.query(sql`release savepoint role_write`)),
        Effect.tapError(() => db.query(sql`rollback to savepoint role_write`))
      )
    )

  const nameTaken = (role: Role.Role) => (error: SqlError) =>
    isUniqueViolation(error, nameConstraint)
      ? Effect.fail(new Role.RoleNameTaken({ name: role.name }))
      : Effect.die(error)

  const select = (tenant: Tenant.TenantId, condition = sql`true`) =>
    db
      .query<{ document: unknown }>(
        sql`select ${roles.document} as document from ${roles}
          where ${roles.tenantId} = ${tenant} and ${condition} order by ${roles.id}`
      )
      .pipe(Effect.orDie, Effect.flatMap(decodeRoles))

  return RoleRepository.of({
    insert: (tenant, role) =>
      guarded(
        db.query(
          sql`insert into ${roles} (tenant_id, id, name, document)
            values (${tenant}, ${role.id}, ${role.name}, ${documentOf(role)})`
        )
      ).pipe(Effect.asVoid, Effect.catchTag("SqlError", nameTaken(role))),

    update: (tenant, role) =>
      guarded(
        Effect.gen(function* () {
          const updated = yield* db.query(
            sql`update ${roles} set name = ${role.name}, document = ${documentOf(role)}
              where ${roles.tenantId} = ${tenant} and ${roles.id} = ${role.id} returning id`
          )
          if (updated.length === 0) return yield* new Role.RoleNotFound({ id: role.id })
          yield* AccessChanges.announce(db)
        })
      ).pipe(Effect.catchTag("SqlError", nameTaken(role))),

    find: (tenant, id) =>
      Effect.map(select(tenant, sql`${roles.id} = ${id}`), (found) => Option.fromNullishOr(found[0])),

    list: (tenant) => select(tenant),

    remove: (tenant, id) =>
      guarded(
        Effect.gen(function* () {
          const deleted = yield* db.query(
            sql`delete from ${roles} where ${roles.tenantId} = ${tenant} and ${roles.id} = ${id} returning id`
          )
          if (deleted.length === 0) return yield* new Role.RoleNotFound({ id })
          yield* AccessChanges.announce(db)
        })
      ).pipe(
        Effect.catchTag("SqlError", (error) =>
          error.code === foreignKeyViolation ? Effect.fail(new RoleInUse({ id })) : Effect.die(error)
        )
      )
  })
})

/** The RoleRepository port over the Database. */
export const layer = Layer.effect(RoleRepository)(make)
