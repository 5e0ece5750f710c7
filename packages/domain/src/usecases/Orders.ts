/**
 * Order use cases: an order needs an existing customer and is written with its `order.created` event.
 */
import { DateTime, Effect, Option } from "effect"
import * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import * as Order from "../Order.ts"
import { type OrderQuery, OrderRepository } from "../ports/OrderRepository.ts"
import { Transactions } from "../ports/Transactions.ts"
import { CurrentTenant } from "../Tenant.ts"
import * as Customers from "./Customers.ts"
import { publish } from "./publish.ts"

/** Creates an order for an existing customer, with totals computed exactly, and emits `order.created`. */
export const create = Effect.fn("Orders.create")(function* (input: Order.CreateInput) {
  const tenant = yield* CurrentTenant
  const id = (yield* (yield* Ids).make("order")) as Order.OrderId
  const repository = yield* OrderRepository
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const customer = yield* Customers.get({ id: input.customerId }, { lock: "share" })
      const order = Order.make(input, customer, { id, now: yield* DateTime.now })
      yield* repository.insert(tenant.id, order)
      yield* publish([new DomainEvent.OrderCreated({ data: order })])
      return order
    })
  )
})

/** Finds an order of the current tenant or fails with OrderNotFound. */
export const get = Effect.fn("Orders.get")(function* (id: Order.OrderId) {
  const tenant = yield* CurrentTenant
  const found = yield* (yield* OrderRepository).find(tenant.id, id)
  return yield* Option.match(found, {
    onNone: () => Effect.fail(new Order.OrderNotFound({ id })),
    onSome: Effect.succeed
  })
})

/** One page of orders, newest first. */
export const list = Effect.fn("Orders.list")(function* (query: OrderQuery) {
  const tenant = yield* CurrentTenant
  return yield* (yield* OrderRepository).list(tenant.id, query)
})
