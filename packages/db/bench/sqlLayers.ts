/**
 * The layers the SQL-layer bench compares (see sqlLayer.ts), each over its own pool of `poolSize` connections, each
 * running the same get and the same create transaction: raw `pg` (also with named, prepared statements), Patron's
 * `Database` service, drizzle's query builder on node-postgres, and effect's SqlClient from `@effect/sql-pg` (with
 * its default prepared statements, and without).
 */
import { PgClient } from "@effect/sql-pg"
import type { Tenant } from "@patron/domain"
import { and, eq, type SQL, sql } from "drizzle-orm"
import { drizzle } from "drizzle-orm/node-postgres"
import { PgDialect } from "drizzle-orm/pg-core"
import { Effect, ManagedRuntime, Redacted } from "effect"
import pg from "pg"
import { Database, layerPostgres } from "../src/Database.ts"
import { customers, outboxMessages } from "../src/schema.ts"

/** Where the layers connect, to which tenant's rows, with how many connections each. */
export interface Setting {
  readonly url: string
  readonly tenant: Tenant.TenantId
  readonly poolSize: number
}

/** The values one create writes, as plain JSON-able values; each layer encodes them its own way. */
export interface CreateInput {
  readonly customer: {
    readonly id: string
    readonly identifier: string
    readonly type: string
    readonly lastNameKey: string
    readonly searchText: string
    readonly meta: unknown
    readonly version: number
    readonly createdAt: string
    readonly updatedAt: string
    readonly document: unknown
  }
  readonly message: {
    readonly id: string
    readonly type: string
    readonly payload: unknown
    readonly occurredAt: string
  }
}

/** A layer under test: the two operations as promises, and how to close it. */
export interface Subject {
  readonly name: string
  readonly get: (id: string) => Promise<ReadonlyArray<{ readonly document: unknown }>>
  readonly create: (input: CreateInput) => Promise<unknown>
  readonly close: () => Promise<void>
}

// Patron's statements, as CustomerRepository and Outbox write them; raw `pg` runs their compiled text.
const getStatement = (tenant: Tenant.TenantId, id: string): SQL =>
  sql`select ${customers.document} as document from ${customers}
    where ${customers.tenantId} = ${tenant} and ${customers.id} = ${id}`
const insertCustomer = (tenant: Tenant.TenantId, { customer: c }: CreateInput): SQL =>
  sql`insert into ${customers} (tenant_id, id, identifier, type, last_name_key, search_text, meta, version,
      created_at, updated_at, document)
    values (${tenant}, ${c.id}, ${c.identifier}, ${c.type}, ${c.lastNameKey}, ${c.searchText},
      ${JSON.stringify(c.meta)}::jsonb, ${c.version}, ${c.createdAt}::timestamptz, ${c.updatedAt}::timestamptz,
      ${JSON.stringify(c.document)}::jsonb)`
const insertMessage = (tenant: Tenant.TenantId, { message: m }: CreateInput): SQL =>
  sql`insert into ${outboxMessages} (tenant_id, id, type, payload, occurred_at)
    values (${tenant}, ${m.id}, ${m.type}, ${JSON.stringify(m.payload)}::jsonb, ${m.occurredAt}::timestamptz)`

const dialect = new PgDialect()
const compiled = (statement: SQL) => dialect.sqlToQuery(statement)

/** Raw `pg` with Patron's compiled text; `prepared` names each statement, so pg prepares it once per connection. */
const rawPg = ({ url, tenant, poolSize }: Setting, prepared: boolean): Subject => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize }).on("error", () => undefined)
  const query = (client: pg.Pool | pg.PoolClient, name: string, q: { sql: string; params: Array<unknown> }) =>
    prepared ? client.query({ name, text: q.sql, values: q.params }) : client.query(q.sql, q.params)
  return {
    name: prepared ? "raw pg (named, prepared)" : "raw pg",
    get: (id) => query(pool, "get_customer", compiled(getStatement(tenant, id))).then((result) => result.rows),
    create: async (input) => {
      const customer = compiled(insertCustomer(tenant, input))
      const message = compiled(insertMessage(tenant, input))
      const client = await pool.connect()
      try {
        await client.query("BEGIN")
        await query(client, "insert_customer", customer)
        await query(client, "insert_message", message)
        await client.query("COMMIT")
      } catch (error) {
        await client.query("ROLLBACK")
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end()
  }
}

const patron = async ({ url, tenant, poolSize }: Setting): Promise<Subject> => {
  const runtime = ManagedRuntime.make(layerPostgres({ url, maxConnections: poolSize }))
  const db = await runtime.runPromise(Effect.service(Database))
  return {
    name: "Patron Database",
    get: (id) => runtime.runPromise(db.query<{ document: unknown }>(getStatement(tenant, id))),
    create: (input) =>
      runtime.runPromise(
        db.transaction(Effect.andThen(db.query(insertCustomer(tenant, input)), db.query(insertMessage(tenant, input))))
      ),
    close: () => runtime.dispose()
  }
}

const drizzleBuilder = ({ url, tenant, poolSize }: Setting): Subject => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize }).on("error", () => undefined)
  const db = drizzle(pool)
  return {
    name: "drizzle builder",
    get: (id) =>
      db
        .select({ document: customers.document })
        .from(customers)
        .where(and(eq(customers.tenantId, tenant), eq(customers.id, id))),
    create: ({ customer: c, message: m }) =>
      db.transaction(async (tx) => {
        await tx.insert(customers).values({
          tenantId: tenant,
          id: c.id,
          identifier: c.identifier,
          type: c.type,
          lastNameKey: c.lastNameKey,
          searchText: c.searchText,
          meta: c.meta,
          version: c.version,
          createdAt: new Date(c.createdAt),
          updatedAt: new Date(c.updatedAt),
          document: c.document
        })
        await tx.insert(outboxMessages).values({
          tenantId: tenant,
          id: m.id,
          type: m.type,
          payload: m.payload,
          occurredAt: new Date(m.occurredAt)
        })
      }),
    close: () => pool.end()
  }
}

const sqlClient = async ({ url, tenant, poolSize }: Setting, prepare: boolean): Promise<Subject> => {
  const runtime = ManagedRuntime.make(PgClient.layer({ url: Redacted.make(url), maxConnections: poolSize, prepare }))
  const sql = await runtime.runPromise(Effect.service(PgClient.PgClient))
  return {
    name: prepare ? "effect SqlClient" : "effect SqlClient (prepare: false)",
    get: (id) =>
      runtime.runPromise(
        sql<{ document: unknown }>`select document from customers where tenant_id = ${tenant} and id = ${id}`
      ),
    create: ({ customer: c, message: m }) =>
      runtime.runPromise(
        sql.withTransaction(
          Effect.andThen(
            sql`insert into customers (tenant_id, id, identifier, type, last_name_key, search_text, meta, version,
                created_at, updated_at, document)
              values (${tenant}, ${c.id}, ${c.identifier}, ${c.type}, ${c.lastNameKey}, ${c.searchText},
                ${JSON.stringify(c.meta)}::jsonb, ${c.version}, ${c.createdAt}::timestamptz,
                ${c.updatedAt}::timestamptz, ${JSON.stringify(c.document)}::jsonb)`,
            sql`insert into outbox_messages (tenant_id, id, type, payload, occurred_at)
              values (${tenant}, ${m.id}, ${m.type}, ${JSON.stringify(m.payload)}::jsonb, ${m.occurredAt}::timestamptz)`
          )
        )
      ),
    close: () => runtime.dispose()
  }
}

/** Every layer, opened; whoever calls this closes them. */
export const open = async (setting: Setting): Promise<ReadonlyArray<Subject>> => {
  const subjects: Array<Subject> = []
  try {
    subjects.push(rawPg(setting, false), rawPg(setting, true), await patron(setting), drizzleBuilder(setting))
    subjects.push(await sqlClient(setting, true), await sqlClient(setting, false))
    return subjects
  } catch (error) {
    for (const subject of subjects) await subject.close()
    throw error
  }
}
