/**
 * The order store. Orders are never changed after creation and survive their customer's deletion.
 */
import { Context, type Effect, type Option } from "effect"
import type * as Customer from "../Customer.ts"
import type * as Order from "../Order.ts"
import type * as Page from "../Page.ts"
import type { TenantId } from "../Tenant.ts"

/** The query of `orders.list`: newest first, optionally one customer's. */
export interface OrderQuery {
  readonly customerId?: Customer.CustomerId
  readonly cursor?: string
  readonly limit?: number
}

/** Reads and writes orders of one tenant at a time. */
export class OrderRepository extends Context.Service<
  OrderRepository,
  {
    /** Stores a new order. */
    readonly insert: (tenant: TenantId, order: Order.Order) => Effect.Effect<void>
    /** Finds an order by id. */
    readonly find: (tenant: TenantId, id: Order.OrderId) => Effect.Effect<Option.Option<Order.Order>>
    /** One page of orders, newest first. */
    readonly list: (tenant: TenantId, query: OrderQuery) => Effect.Effect<Page.Page<Order.Order>, Page.CursorInvalid>
    /** How many orders a customer has. */
    readonly countForCustomer: (tenant: TenantId, customerId: Customer.CustomerId) => Effect.Effect<number>
  }
>()("@patron/domain/OrderRepository") {}
