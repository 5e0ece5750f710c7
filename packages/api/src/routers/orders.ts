/**
 * `orders.*`: creation for an existing customer or the customer the order brings, lookup and listing newest first.
 */
import { Customer, Order, OrderCustomer, Orders, Page } from "@patron/domain"
import { Effect, Schema } from "effect"
import { input } from "../Input.ts"
import { paged } from "../Paged.ts"
import { needs, router } from "../trpc.ts"

const ListInput = Schema.Struct({
  customerId: Schema.optionalKey(Customer.CustomerId),
  cursor: Schema.optionalKey(Page.Cursor),
  limit: Schema.optionalKey(Page.Limit)
})

export const orders = router({
  create: needs("orders:create")
    .input(input(OrderCustomer.CreateInput, ...OrderCustomer.inputRules))
    // Creating the customer it brings needs customers:create too, which the use case checks against the caller's role.
    .mutation(({ ctx, input }) =>
      ctx.exec(
        Orders.create(input, { granted: ctx.principal.permissions }).pipe(
          Effect.map((created) => ({ ...Order.toJson(created), customerCreated: created.customerCreated }))
        )
      )
    ),
  get: needs("orders:read")
    .input(input(Schema.Struct({ id: Order.OrderId })))
    .query(({ ctx, input }) => ctx.exec(Orders.get(input.id).pipe(Effect.map(Order.toJson)))),
  list: needs("orders:read")
    .input(input(paged(ListInput)))
    .query(({ ctx, input }) =>
      ctx.exec(
        Orders.list(input).pipe(
          Effect.map((page) => ({ items: page.items.map(Order.toJson), nextCursor: page.nextCursor }))
        )
      )
    )
})
