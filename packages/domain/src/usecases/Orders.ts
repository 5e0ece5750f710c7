/**
 * Order use cases: an order is written with its `order.created` event, for an existing customer or for the customer it
 * brings (found or created in the same transaction, see `BroughtCustomers`).
 */
import { DateTime, Effect, Option } from "effect"
import type * as Customer from "../Customer.ts"
import * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import * as Order from "../Order.ts"
import type * as OrderCustomer from "../OrderCustomer.ts"
import type * as Permission from "../Permission.ts"
import { type OrderQuery, OrderRepository } from "../ports/OrderRepository.ts"
import { Transactions } from "../ports/Transactions.ts"
import { CurrentTenant } from "../Tenant.ts"
import * as BroughtCustomers from "./BroughtCustomers.ts"
import * as Customers from "./Customers.ts"
import { publish } from "./publish.ts"

/** An order as `orders.create` answers it: with whether its customer was created by it. */
export type Created = Order.Order & { readonly customerCreated: boolean }

/**
 * Creates an order, with totals computed exactly, for the customer of `customerId` or the `customer` it brings
 * (created when not found, emitting `customer.created` first); emits `order.created`. `granted` are the caller's
 * permissions: creating a customer needs `customers:create` (a system caller passes none).
 */
export const create = Effect.fn("Orders.create")(function* (
  input: OrderCustomer.CreateInput,
  options: { readonly granted?: ReadonlyArray<Permission.Permission> } = {}
) {
  const tenant = yield* CurrentTenant
  const id = (yield* (yield* Ids).make("order")) as Order.OrderId
  const repository = yield* OrderRepository
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const { customer, isCreated } =
        input.customer === undefined
          ? {
              customer: yield* Customers.get({ id: input.customerId as Customer.CustomerId }, { lock: "share" }),
              isCreated: false
            }
          : yield* BroughtCustomers.resolve(input.customer, options.granted)
      const { customer: _brought, customerId: _id, ...fields } = input
      const order = Order.make({ ...fields, customerId: customer.id }, customer, { id, now: yield* DateTime.now })
      yield* repository.insert(tenant.id, order)
      yield* publish([new DomainEvent.OrderCreated({ data: order })])
      return { ...order, customerCreated: isCreated } satisfies Created
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
