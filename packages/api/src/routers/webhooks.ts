/**
 * `webhooks.*`: endpoints (the signing secret shown on creation and rotation only; header values shown in full only in
 * the answer to the write that sent them, hidden on every read), the event catalogue, the delivery log with its
 * attempts, redelivery and test events (at most 10 per endpoint per minute).
 */
import { DomainEvent, InputRules, Page, Webhook, Webhooks } from "@patron/domain"
import { Effect, Schema } from "effect"
import * as Encode from "../Encode.ts"
import { input } from "../Input.ts"
import { paged } from "../Paged.ts"
import { needs, router } from "../trpc.ts"

const ById = Schema.Struct({ id: Webhook.WebhookEndpointId })
const page = <A, B>(encode: (a: A) => B) =>
  Effect.map((p: Page.Page<A>) => ({ items: p.items.map(encode), nextCursor: p.nextCursor }))

export const webhooks = router({
  eventTypes: needs("webhooks:read").query(() => [...DomainEvent.eventTypes]),
  create: needs("webhooks:create")
    .input(input(Webhook.CreateInput, ...Webhook.inputRules))
    .mutation(({ ctx, input }) =>
      ctx.exec(
        Webhooks.create(input).pipe(
          Effect.map(({ endpoint, secret }) => ({ ...Encode.endpointAsWritten(endpoint, input.headers), secret }))
        )
      )
    ),
  list: needs("webhooks:read")
    .input(input(Schema.Struct({ cursor: Schema.optionalKey(Page.Cursor), limit: Schema.optionalKey(Page.Limit) })))
    .query(({ ctx, input }) => ctx.exec(Webhooks.list(input).pipe(page(Encode.endpoint)))),
  get: needs("webhooks:read")
    .input(input(ById))
    .query(({ ctx, input }) => ctx.exec(Webhooks.get(input.id).pipe(Effect.map(Encode.endpoint)))),
  update: needs("webhooks:update")
    .input(
      input(
        Schema.Struct({ id: Webhook.WebhookEndpointId, patch: Webhook.PatchInput }),
        InputRules.under(["patch"], ...Webhook.inputRules)
      )
    )
    .mutation(({ ctx, input }) =>
      ctx.exec(
        Webhooks.update(input).pipe(
          Effect.map((updated) => Encode.endpointAsWritten(updated, input.patch.headers ?? undefined))
        )
      )
    ),
  delete: needs("webhooks:delete")
    .input(input(ById))
    .mutation(({ ctx, input }) => ctx.exec(Webhooks.remove(input.id))),
  rotateSecret: needs("webhooks:update")
    .input(input(ById))
    .mutation(({ ctx, input }) => ctx.exec(Webhooks.rotateSecret(input.id))),
  deliveries: needs("webhooks:read")
    .input(
      input(
        paged(
          Schema.Struct({
            endpointId: Webhook.WebhookEndpointId,
            status: Schema.optionalKey(Webhook.DeliveryStatus),
            cursor: Schema.optionalKey(Page.Cursor),
            limit: Schema.optionalKey(Page.Limit)
          })
        )
      )
    )
    .query(({ ctx, input }) => ctx.exec(Webhooks.deliveries(input).pipe(page(Encode.delivery)))),
  redeliver: needs("webhooks:update")
    .input(input(Schema.Struct({ deliveryId: Webhook.DeliveryId })))
    .mutation(({ ctx, input }) => ctx.exec(Webhooks.redeliver(input.deliveryId).pipe(Effect.map(Encode.delivery)))),
  test: needs("webhooks:update")
    .input(input(ById))
    .mutation(({ ctx, input }) => ctx.exec(Webhooks.test(input.id).pipe(Effect.map(Encode.delivery))))
})
