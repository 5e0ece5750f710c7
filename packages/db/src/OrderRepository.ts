/**
 * The domain's OrderRepository on the database: each order is its JSON document beside the columns it is listed by.
 * Listing is keyset pagination newest first on (created_at, id), with cursors in the form of the in-memory adapter.
 */
import { Order, OrderRepository, Page } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Schema } from "effect"
import { Database } from "./Database.ts"
import * as NewestFirst from "./NewestFirst.ts"
import { orders } from "./schema.ts"

const decodeOrder = (document: unknown) => Schema.decodeUnknownEffect(Order.Order)(document).pipe(Effect.orDie)

/** Orders over the Database service. */
export const layer = Layer.effect(OrderRepository)(
  Effect.gen(function* () {
    const db = yield* Database
    return OrderRepository.of({
      insert: (tenant, order) =>
        db
          .query(sql`
            insert into ${orders} (tenant_id, id, customer_id, created_at, document)
            values (${tenant}, ${order.id}, ${order.customerId}, ${DateTime.formatIso(order.createdAt)}::timestamptz,
                    ${JSON.stringify(Order.toJson(order))}::jsonb)`)
          .pipe(Effect.asVoid, Effect.orDie),
      find: (tenant, id) =>
        db
          .query<{ document: unknown }>(sql`select document from ${orders} where tenant_id = ${tenant} and id = ${id}`)
          .pipe(
            Effect.orDie,
            Effect.flatMap((rows) =>
              rows[0] === undefined ? Effect.succeedNone : Effect.asSome(decodeOrder(rows[0].document))
            )
          ),
      list: (tenant, query) =>
        Effect.gen(function* () {
          const limit = query.limit ?? Page.defaultLimit
          const conditions: Array<SQL> = [sql`tenant_id = ${tenant}`]
          if (query.customerId !== undefined) conditions.push(sql`customer_id = ${query.customerId}`)
          if (query.cursor !== undefined) {
            const after = yield* NewestFirst.after(query.cursor)
            conditions.push(sql`(created_at, id) < (${after.at}::timestamptz, ${after.id})`)
          }
          const rows = yield* db
            .query<{ document: unknown }>(sql`
              select document from ${orders} where ${sql.join(conditions, sql` and `)}
              order by created_at desc, id desc limit ${limit + 1}`)
            .pipe(Effect.orDie)
          const decoded = yield* Effect.forEach(rows.slice(0, limit + 1), (row) => decodeOrder(row.document))
          return NewestFirst.page(decoded, limit)
        }),
      countForCustomer: (tenant, customerId) =>
        db
          .query<{ count: number }>(
            sql`select count(*)::int as count from ${orders} where tenant_id = ${tenant} and customer_id = ${customerId}`
          )
          .pipe(
            Effect.orDie,
            Effect.map((rows) => rows[0]?.count ?? 0)
          )
    })
  })
)
