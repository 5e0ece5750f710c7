/**
 * The domain's Outbox on the database: messages are rows of `outbox_messages`, written in the caller's transaction,
 * each numbered by the `position` sequence in the order appended. A NOTIFY on `patron_outbox` wakes a listening
 * worker; PostgreSQL delivers it only when the transaction commits, and not at all when it rolls back.
 */
import { DomainEvent, Outbox } from "@patron/domain"
import { sql } from "drizzle-orm"
import { DateTime, Effect, Layer } from "effect"
import { Database } from "./Database.ts"
import { outboxMessages } from "./schema.ts"

/** The channel notified when messages are appended. */
export const channel = "patron_outbox"

/** The outbox over the Database service. */
export const layer = Layer.effect(Outbox)(
  Effect.gen(function* () {
    const db = yield* Database
    return Outbox.of({
      append: (tenant, messages) =>
        messages.length === 0
          ? Effect.void
          : db
              .transaction(
                Effect.gen(function* () {
                  // One statement for all: rows taken in the order of `messages` (ordinality), so positions follow it.
                  const rows = messages.map((message) => ({
                    id: message.id,
                    type: message.event.type,
                    payload: DomainEvent.toJson(message.event),
                    occurred_at: DateTime.formatIso(message.occurredAt)
                  }))
                  yield* db.query(sql`
                    insert into ${outboxMessages} (tenant_id, id, type, payload, occurred_at)
                    select ${tenant}, r.id, r.type, r.payload, r.occurred_at
                    from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                      as (id text, type text, payload jsonb, occurred_at timestamptz)) with ordinality
                      as r(id, type, payload, occurred_at, n)
                    order by r.n`)
                  yield* db.query(sql`select pg_notify(${channel}, '')`)
                })
              )
              .pipe(Effect.orDie)
    })
  })
)
