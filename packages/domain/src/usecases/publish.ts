/**
 * Publishing events: each gets a message id and the time it happened, and goes to the outbox of the current tenant.
 * Call it inside the transaction of the change that caused the events.
 */
import { DateTime, Effect } from "effect"
import type * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import type { MessageId } from "../ports/Outbox.ts"
import { Outbox } from "../ports/Outbox.ts"
import { CurrentTenant } from "../Tenant.ts"

/** Appends events to the outbox inside the caller's transaction. */
export const publish = Effect.fnUntraced(function* (events: ReadonlyArray<DomainEvent.DomainEvent>) {
  const tenant = yield* CurrentTenant
  const ids = yield* Ids
  const occurredAt = yield* DateTime.now
  const messages = yield* Effect.forEach(events, (event) =>
    ids.make("message").pipe(Effect.map((id) => ({ id: id as MessageId, event, occurredAt })))
  )
  yield* (yield* Outbox).append(tenant.id, messages)
})
