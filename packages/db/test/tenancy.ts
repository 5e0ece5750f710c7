/**
 * Use cases run as a tenant of their own in the database tests, and what a test reads back of that tenant: how many
 * rows a table holds for it, and the types of the events its outbox holds, in order.
 */
import { Tenant } from "@patron/domain"
import { sql, type Table } from "drizzle-orm"
import { Effect } from "effect"
import { Database } from "../src/Database.ts"
import { outboxMessages } from "../src/schema.ts"
import * as Tenants from "../src/Tenants.ts"
import { newTenant } from "./contracts/samples.ts"

/** A new tenant, made in the database. */
export const newTenantId = Effect.suspend(() => Tenants.ensure({ id: newTenant(), name: `tenant ${Math.random()}` }))

/** Runs an effect as tenant `id`. */
export const as =
  (id: Tenant.TenantId) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.provideService(effect, Tenant.CurrentTenant, { id })

/** Runs an effect as a new tenant. */
export const asNewTenant = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(newTenantId, (id) => as(id)(effect))

/** The rows `table` holds for the current tenant. */
export const rowCount = (table: Table) =>
  Effect.gen(function* () {
    const tenant = (yield* Tenant.CurrentTenant).id
    const rows = yield* Database.use((db) =>
      db.query<{ count: number }>(sql`select count(*)::int as count from ${table} where tenant_id = ${tenant}`)
    )
    return rows[0]?.count ?? 0
  }).pipe(Effect.orDie)

/** The types of the current tenant's outbox messages, in order. */
export const eventTypes = Effect.gen(function* () {
  const tenant = (yield* Tenant.CurrentTenant).id
  const rows = yield* Database.use((db) =>
    db.query<{ type: string }>(sql`select type from ${outboxMessages} where tenant_id = ${tenant} order by position`)
  )
  return rows.map((row) => row.type)
}).pipe(Effect.orDie)
