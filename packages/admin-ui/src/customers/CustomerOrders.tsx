/**
 * A customer's orders, newest first, each with its items and its net, tax and gross totals.
 */
import { useInfiniteQuery } from "@tanstack/react-query"
import { type Order, useTRPC } from "../api/Api.ts"
import { dateTime, money, quantity, shortId } from "../ui/Format.ts"
import { ErrorMessage, Loading } from "../ui/States.tsx"

/** An amount that may wrap between its currency and its figure, so the table fits a phone ("NOK" above "199.00"). */
const amount = (value: string, currency: string) => money(value, currency).replace(/[\u00a0\u202f]/g, " ")

export const CustomerOrders = (props: { readonly customerId: string }) => {
  const trpc = useTRPC()
  const orders = useInfiniteQuery(
    trpc.orders.list.infiniteQueryOptions(
      { customerId: props.customerId, limit: 10 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined }
    )
  )
  const items = orders.data?.pages.flatMap((page) => page.items) ?? []
  return (
    <section className="pa-section" aria-labelledby="pa-orders-title">
      <h3 id="pa-orders-title">Orders</h3>
      {orders.isPending ? (
        <Loading label="Loading orders…" />
      ) : orders.isError ? (
        <ErrorMessage error={orders.error} onRetry={() => orders.refetch()} />
      ) : items.length === 0 ? (
        <p className="pa-muted">No orders.</p>
      ) : (
        <>
          {items.map((order) => (
            <OrderCard key={order.id} order={order} />
          ))}
          {orders.hasNextPage && (
            <button
              type="button"
              className="pa-button"
              disabled={orders.isFetchingNextPage}
              onClick={() => orders.fetchNextPage()}
            >
              {orders.isFetchingNextPage ? "Loading…" : "Show older orders"}
            </button>
          )}
        </>
      )}
    </section>
  )
}

const OrderCard = (props: { readonly order: Order }) => {
  const { order } = props
  const title = order.reference ?? `Order ${shortId(order.id)}`
  return (
    <div className="pa-card pa-order">
      <div className="pa-order-head">
        <p className="pa-card-title" title={order.id}>
          {title}
        </p>
        <p className="pa-muted">{dateTime(order.createdAt)}</p>
        <p className="pa-order-total">{money(order.totals.gross, order.currency)}</p>
      </div>
      <table className="pa-table">
        <caption className="pa-visually-hidden">Items of order {order.reference ?? shortId(order.id)}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">SKU</th>
            <th scope="col" className="pa-number">
              Quantity
            </th>
            <th scope="col" className="pa-number">
              Unit price
            </th>
            <th scope="col" className="pa-number">
              Tax
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item, index) => (
            // Items have no id; their position in the order identifies them.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above.
            <tr key={index}>
              <td>{item.name}</td>
              <td>{item.sku ?? "—"}</td>
              <td className="pa-number">{quantity(item.quantity)}</td>
              <td className="pa-number">{amount(item.unitPrice, order.currency)}</td>
              <td className="pa-number">{item.taxRate === undefined ? "—" : `${Number(item.taxRate) * 100} %`}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              Net
            </th>
            <td className="pa-number">{amount(order.totals.net, order.currency)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4}>
              Tax
            </th>
            <td className="pa-number">{amount(order.totals.tax, order.currency)}</td>
          </tr>
          <tr>
            <th scope="row" colSpan={4}>
              Gross
            </th>
            <td className="pa-number">{amount(order.totals.gross, order.currency)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  )
}
