/**
 * The domain's DeliveryLog on the database: deliveries with their attempts as `webhooks.deliveries` shows them, and
 * the deliveries a person starts by hand, made so `Deliveries.claim` picks them up like any other: pending, due at the
 * database's `now()`, free of any lease. A test message gets an outbox row of its own, already marked fanned out so
 * fan-out never sends it to other endpoints. Both wake a listening worker when their transaction commits.
 */
import { DeliveryLog, Page, type Tenant, Webhook } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { Database } from "./Database.ts"
import * as NewestFirst from "./NewestFirst.ts"
import { channel } from "./Outbox.ts"
import { deliveries, deliveryAttempts, outboxMessages, webhookEndpoints } from "./schema.ts"

interface DeliveryRow {
  readonly id: string
  readonly endpoint_id: string
  readonly message_id: string
  readonly event_type: string
  readonly status: string
  readonly next_attempt_at: Date | string | null
  readonly created_at: Date | string
}

interface AttemptRow {
  readonly delivery_id: string
  readonly at: Date | string
  readonly status: number | null
  readonly duration_ms: number
  readonly response_snippet: string | null
  readonly error: string | null
}

const iso = (value: Date | string) => new Date(value).toISOString()

// Deliveries are stamped with the database's `now()` cut to the millisecond (by fan-out and here), the precision
// cursors name (`NewestFirst`), so pages are ordered and resumed on the indexed column itself.
const createdAtMillis = sql`created_at`

/** A delivery row and its attempt rows (in attempt order) as the JSON form of `Webhook.Delivery`. */
const deliveryJson = (row: DeliveryRow, attempts: ReadonlyArray<AttemptRow>): Webhook.DeliveryJson => ({
  id: row.id,
  endpointId: row.endpoint_id,
  eventId: row.message_id,
  eventType: row.event_type as Webhook.DeliveryJson["eventType"],
  status: row.status as Webhook.DeliveryStatus,
  attempts: attempts.map((attempt) => ({
    at: iso(attempt.at),
    durationMs: Number(attempt.duration_ms),
    ...(attempt.status === null ? {} : { status: Number(attempt.status) }),
    ...(attempt.response_snippet === null
      ? {}
      : { responseSnippet: attempt.response_snippet.slice(0, Webhook.responseSnippetMaxLength) }),
    ...(attempt.error === null ? {} : { error: attempt.error })
  })),
  ...(row.next_attempt_at === null ? {} : { nextAttemptAt: iso(row.next_attempt_at) }),
  createdAt: iso(row.created_at)
})

const decodeDelivery = (json: Webhook.DeliveryJson) =>
  Schema.decodeUnknownEffect(Webhook.Delivery)(json).pipe(Effect.orDie)

/** The delivery log over the Database service. */
export const layer = Layer.effect(DeliveryLog)(
  Effect.gen(function* () {
    const db = yield* Database
    const query = <R extends Record<string, unknown>>(statement: SQL) => db.query<R>(statement).pipe(Effect.orDie)

    /** The deliveries selected by `conditions`, newest first, with their attempts. */
    const select = (tenant: Tenant.TenantId, conditions: ReadonlyArray<SQL>, limit: number) =>
      Effect.gen(function* () {
        const rows = yield* query<DeliveryRow & Record<string, unknown>>(sql`
          select id, endpoint_id, message_id, event_type, status, next_attempt_at, created_at from ${deliveries}
          where tenant_id = ${tenant} and ${sql.join([...conditions], sql` and `)}
          order by ${createdAtMillis} desc, id desc limit ${limit}`)
        if (rows.length === 0) return []
        const ids = sql.join(
          rows.map((row) => sql`${row.id}`),
          sql`, `
        )
        const attempts = yield* query<AttemptRow & Record<string, unknown>>(sql`
          select delivery_id, at, status, duration_ms, response_snippet, error from ${deliveryAttempts}
          where tenant_id = ${tenant} and delivery_id in (${ids}) order by delivery_id, attempt`)
        return yield* Effect.forEach(rows, (row) =>
          decodeDelivery(
            deliveryJson(
              row,
              attempts.filter((attempt) => attempt.delivery_id === row.id)
            )
          )
        )
      })

    const findOne = (tenant: Tenant.TenantId, id: string) =>
      Effect.map(select(tenant, [sql`id = ${id}`], 1), (found) => Option.fromNullishOr(found[0]))
    const wakeWorkers = query(sql`select pg_notify(${channel}, '')`)

    return DeliveryLog.of({
      list: (tenant, options) =>
        Effect.gen(function* () {
          const limit = options.limit ?? Page.defaultLimit
          const conditions: Array<SQL> = [sql`endpoint_id = ${options.endpointId}`]
          if (options.status !== undefined) conditions.push(sql`status = ${options.status}`)
          if (options.cursor !== undefined) {
            const after = yield* NewestFirst.after(options.cursor)
            conditions.push(sql`(${createdAtMillis}, id) < (${after.at}::timestamptz, ${after.id})`)
          }
          return NewestFirst.page(yield* select(tenant, conditions, limit + 1), limit)
        }),
      find: findOne,
      redeliver: (tenant, id) =>
        db.transaction(
          Effect.gen(function* () {
            const updated = yield* query(sql`
              update ${deliveries}
              set status = 'pending', next_attempt_at = now(), round_start = attempt_count, lease_owner = null,
                  lease_until = null
              where tenant_id = ${tenant} and id = ${id} returning id`)
            if (updated.length === 0) return yield* new Webhook.DeliveryNotFound({ id })
            yield* wakeWorkers
            return Option.getOrThrow(yield* findOne(tenant, id))
          })
        ),
      recentTests: (tenant, endpointId, withinSeconds) =>
        query<{ created_at: Date | string }>(sql`
          select created_at from ${deliveries}
          where tenant_id = ${tenant} and endpoint_id = ${endpointId} and event_type = ${Webhook.testEventType}
            and created_at > now() - make_interval(secs => ${withinSeconds})
          order by created_at`).pipe(Effect.map((rows) => rows.map((row) => DateTime.makeUnsafe(iso(row.created_at))))),
      enqueueTest: (tenant, test) =>
        db.transaction(
          Effect.gen(function* () {
            const endpoint = yield* query(
              sql`select id from ${webhookEndpoints} where tenant_id = ${tenant} and id = ${test.endpointId}`
            )
            if (endpoint.length === 0) return yield* new Webhook.WebhookEndpointNotFound({ id: test.endpointId })
            const payload = { type: Webhook.testEventType, data: test.message.data }
            yield* query(sql`
              insert into ${outboxMessages} (tenant_id, id, type, payload, occurred_at, fanned_out_at)
              values (${tenant}, ${test.message.id}, ${Webhook.testEventType}, ${JSON.stringify(payload)}::jsonb,
                      ${DateTime.formatIso(test.message.occurredAt)}::timestamptz, now())`)
            yield* query(sql`
              insert into ${deliveries}
                (tenant_id, id, endpoint_id, message_id, event_type, status, next_attempt_at, created_at)
              values (${tenant}, ${test.id}, ${test.endpointId}, ${test.message.id}, ${Webhook.testEventType},
                      'pending', now(), date_trunc('milliseconds', now()))`)
            yield* wakeWorkers
            return Option.getOrThrow(yield* findOne(tenant, test.id))
          })
        )
    })
  })
)
