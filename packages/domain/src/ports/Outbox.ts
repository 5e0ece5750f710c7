/**
 * The outbox: events written in the same transaction as the change that caused them, delivered later by the worker.
 */
import { Context, type DateTime, type Effect, Schema } from "effect"
import type * as DomainEvent from "../DomainEvent.ts"
import * as Ids from "../Ids.ts"
import type { TenantId } from "../Tenant.ts"

export const MessageId = Schema.String.check(Ids.isId("message")).pipe(Schema.brand("MessageId"))
export type MessageId = typeof MessageId.Type

/** An event with its message id (the `webhook-id` receivers see on every retry) and when it happened. */
export interface Message {
  readonly id: MessageId
  readonly event: DomainEvent.DomainEvent
  readonly occurredAt: DateTime.Utc
}

/** Appends messages to the outbox of a tenant, inside the caller's transaction. */
export class Outbox extends Context.Service<
  Outbox,
  { readonly append: (tenant: TenantId, messages: ReadonlyArray<Message>) => Effect.Effect<void> }
>()("@patron/domain/Outbox") {}
