/**
 * Webhook deliveries: the worker's side of the outbox. Fan-out turns each outbox message into one delivery per enabled
 * endpoint of its tenant whose events match; workers claim due deliveries with `FOR UPDATE SKIP LOCKED` and a lease,
 * so several processes share the work without sending one delivery twice while leases hold, and the work of a crashed
 * worker is claimed again once its lease expires. Times come from the database clock, shared by every process.
 */
import { Ids } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import { Database } from "./Database.ts"
import { deliveries, deliveryAttempts, outboxMessages, webhookEndpoints } from "./schema.ts"

export { channel } from "./Outbox.ts"

/** A delivery a worker holds the lease of, with the message it carries. */
export interface ClaimedDelivery {
  readonly tenantId: string
  readonly id: string
  readonly endpointId: string
  readonly messageId: string
  readonly eventType: string
  readonly attemptCount: number
  /** The message as stored: `{ type, data }`. */
  readonly payload: unknown
  readonly occurredAt: Date
}

/** What one attempt to send a delivery gave. */
export interface Attempt {
  readonly at: Date
  readonly status?: number
  readonly durationMs: number
  readonly responseSnippet?: string
  readonly error?: string
}

/** How a delivery goes on after an attempt. */
export type Next =
  | { readonly _tag: "Succeeded" }
  | { readonly _tag: "Failed" }
  | { readonly _tag: "Retry"; readonly at: Date }

/** Fans out up to `limit` messages into deliveries; returns how many messages it fanned out. */
export const fanOut = (limit: number) =>
  Effect.gen(function* () {
    const db = yield* Database
    const ids = yield* Ids.Ids
    return yield* db.transaction(
      Effect.gen(function* () {
        const messages = yield* db.query<{ tenant_id: string; id: string; type: string }>(sql`
          select tenant_id, id, type from ${outboxMessages}
          where fanned_out_at is null order by position limit ${limit} for update skip locked`)
        for (const message of messages) {
          const endpoints = yield* db.query<{ id: string }>(sql`
            select id from ${webhookEndpoints}
            where tenant_id = ${message.tenant_id} and enabled
              and (document->'events' ? ${message.type} or document->'events' ? '*')`)
          for (const endpoint of endpoints) {
            const id = yield* ids.make("delivery")
            yield* db.query(sql`
              insert into ${deliveries} (tenant_id, id, endpoint_id, message_id, event_type, status, next_attempt_at, created_at)
              values (${message.tenant_id}, ${id}, ${endpoint.id}, ${message.id}, ${message.type}, 'pending', now(),
                      date_trunc('milliseconds', now()))`)
          }
          yield* db.query(sql`update ${outboxMessages} set fanned_out_at = now() where id = ${message.id}`)
        }
        return messages.length
      })
    )
  }).pipe(Effect.orDie)

/** Claims up to `limit` due deliveries for `owner` with a lease of `leaseMillis`. */
export const claim = (options: { readonly owner: string; readonly limit: number; readonly leaseMillis: number }) =>
  Effect.gen(function* () {
    const db = yield* Database
    const rows = yield* db.query<{
      tenant_id: string
      id: string
      endpoint_id: string
      message_id: string
      event_type: string
      attempt_count: number
      payload: unknown
      occurred_at: Date
    }>(sql`
      with due as (
        select d.tenant_id, d.id from ${deliveries} d
        join ${webhookEndpoints} e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id and e.enabled
        where d.status = 'pending' and d.next_attempt_at <= now() and (d.lease_until is null or d.lease_until < now())
        order by d.next_attempt_at, d.id
        limit ${options.limit}
        for update of d skip locked
      )
      update ${deliveries} d
      set lease_owner = ${options.owner}, lease_until = now() + make_interval(secs => ${options.leaseMillis / 1000})
      from due, ${outboxMessages} m
      where d.tenant_id = due.tenant_id and d.id = due.id and m.id = d.message_id
      returning d.tenant_id, d.id, d.endpoint_id, d.message_id, d.event_type, d.attempt_count, m.payload, m.occurred_at`)
    return rows.map(
      (row): ClaimedDelivery => ({
        tenantId: row.tenant_id,
        id: row.id,
        endpointId: row.endpoint_id,
        messageId: row.message_id,
        eventType: row.event_type,
        attemptCount: Number(row.attempt_count),
        payload: typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload,
        occurredAt: new Date(row.occurred_at)
      })
    )
  }).pipe(Effect.orDie)

/**
 * Records an attempt and how the delivery goes on, if `owner` still holds its lease; returns false when the lease was
 * lost (expired and claimed by another worker), in which case nothing is written.
 */
export const finish = (options: {
  readonly tenantId: string
  readonly deliveryId: string
  readonly owner: string
  readonly attempt: Attempt
  readonly next: Next
}) =>
  Effect.gen(function* () {
    const db = yield* Database
    return yield* db.transaction(
      Effect.gen(function* () {
        const { next, attempt } = options
        const status = next._tag === "Succeeded" ? "succeeded" : next._tag === "Failed" ? "failed" : "pending"
        const nextAttemptAt = next._tag === "Retry" ? next.at : null
        const updated = yield* db.query<{ attempt_count: number }>(sql`
          update ${deliveries}
          set status = ${status}, attempt_count = attempt_count + 1, next_attempt_at = ${nextAttemptAt},
              lease_owner = null, lease_until = null
          where tenant_id = ${options.tenantId} and id = ${options.deliveryId}
            and lease_owner = ${options.owner}
          returning attempt_count`)
        const row = updated[0]
        if (row === undefined) return false
        yield* db.query(sql`
          insert into ${deliveryAttempts} (tenant_id, delivery_id, attempt, at, status, duration_ms, response_snippet, error)
          values (${options.tenantId}, ${options.deliveryId}, ${Number(row.attempt_count)}, ${attempt.at},
                  ${attempt.status ?? null}, ${Math.round(attempt.durationMs)}, ${attempt.responseSnippet ?? null},
                  ${attempt.error ?? null})`)
        return true
      })
    )
  }).pipe(Effect.orDie)

/** Gives back every lease `owner` holds (a worker shutting down), so other workers claim the work at once. */
export const releaseLeases = (owner: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    yield* db.query(sql`update ${deliveries} set lease_owner = null, lease_until = null where lease_owner = ${owner}`)
  }).pipe(Effect.orDie)
