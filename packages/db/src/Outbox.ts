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
                  // One statement per message, in order, so positions follow the order of `messages`.
                  for (const message of messages) {
                    yield* db.query(sql`
                      insert into ${outboxMessages} (tenant_id, id, type, payload, occurred_at)
                      values (${tenant}, ${message.id}, ${message.event.type},
                              ${JSON.stringify(DomainEvent.toJson(message.event))}::jsonb,
                              ${DateTime.formatIso(message.occurredAt)}::timestamptz)`)
                  }
                  yield* db.query(sql`select pg_notify(${channel}, '')`)
                })
              )
              .pipe(Effect.orDie)
    })
  })
)
