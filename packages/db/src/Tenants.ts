/**
 * Tenants: the rows every record belongs to.
 */
import type { Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Effect, Option } from "effect"
import { Database } from "./Database.ts"
import { tenants } from "./schema.ts"

/** Creates a tenant unless one of that name exists; returns the tenant's id either way. */
export const ensure = (tenant: { readonly id: Tenant.TenantId; readonly name: string }) =>
  Effect.gen(function* () {
    const db = yield* Database
    yield* db.query(
      sql`insert into ${tenants} (id, name) values (${tenant.id}, ${tenant.name}) on conflict (name) do nothing`
    )
    const rows = yield* db.query<{ id: string }>(sql`select id from ${tenants} where name = ${tenant.name}`)
    return rows[0]?.id as Tenant.TenantId
  }).pipe(Effect.orDie)

/** Finds a tenant's id by name. */
export const findByName = (name: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    const rows = yield* db.query<{ id: string }>(sql`select id from ${tenants} where name = ${name}`)
    return Option.fromNullishOr(rows[0]?.id as Tenant.TenantId | undefined)
  }).pipe(Effect.orDie)
