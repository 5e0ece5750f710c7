/**
 * The customer list: pages of `customers.list` fetched as the user scrolls (infinite query), rendered virtualized so
 * only the visible rows exist in the DOM and scrolling stays smooth through 100,000 customers. Arrow keys move between
 * rows, Home and End jump to the ends of what is loaded.
 */
import { useInfiniteQuery } from "@tanstack/react-query"
import { useVirtualizer } from "@tanstack/react-virtual"
import { type KeyboardEvent, useEffect, useRef } from "react"
import { Link } from "wouter"
import { type Customer, useTRPC } from "../api/Api.ts"
import { Empty, ErrorMessage, Loading } from "../ui/States.tsx"
import { activeFilterCount, type CustomerSearch, toQuery } from "./CustomerSearch.ts"

const pageSize = 100
const rowHeight = 60
/** Fetch the next page when this many rows remain below the last visible one. */
const prefetchRows = 30

export const customerName = (customer: Pick<Customer, "firstName" | "middleName" | "lastName">) =>
  [customer.firstName, customer.middleName, customer.lastName].filter(Boolean).join(" ")

export const CustomerList = (props: {
  readonly search: CustomerSearch
  readonly selectedId: string | undefined
  readonly hrefOf: (customer: Customer) => string
}) => {
  const trpc = useTRPC()
  const query = toQuery(props.search, pageSize)
  const list = useInfiniteQuery(
    trpc.customers.list.infiniteQueryOptions(query, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: (previous) => previous
    })
  )
  const customers = list.data?.pages.flatMap((page) => page.items) ?? []
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: customers.length + (list.hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12
  })
  const rows = virtualizer.getVirtualItems()
  const lastVisible = rows.at(-1)?.index ?? 0

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list
  const queryText = JSON.stringify(query)
  // A new search starts at the top of its results.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the query changes, not when the virtualizer does.
  useEffect(() => virtualizer.scrollToOffset(0), [queryText])
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= customers.length - prefetchRows) void fetchNextPage()
  }, [lastVisible, customers.length, hasNextPage, isFetchingNextPage, fetchNextPage])

  const isFiltered = props.search.text.trim() !== "" || activeFilterCount(props.search) > 0
  if (list.isPending) return <Loading label="Loading customers…" />
  if (list.isError && customers.length === 0) return <ErrorMessage error={list.error} onRetry={() => list.refetch()} />
  if (customers.length === 0)
    return (
      <Empty title={isFiltered ? "No customers match the search and filters" : "No customers yet"}>
        {isFiltered && <p className="pa-muted">Try another search, or clear the filters.</p>}
      </Empty>
    )

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(customers.length - 1, index))
    virtualizer.scrollToIndex(target, { align: "auto" })
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${target}"] a`)?.focus({ preventScroll: true })
    )
  }
  const onKeyDown = (event: KeyboardEvent, current: number) => {
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: customers.length - 1,
      PageDown: current + 10,
      PageUp: current - 10
    }
    const next = moves[event.key]
    if (next === undefined) return
    event.preventDefault()
    focusRow(next)
  }

  return (
    <div ref={scrollRef} className="pa-list-scroll" aria-busy={list.isFetching} data-testid="customer-list">
      <ul className="pa-list" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const customer = customers[row.index]
          return (
            <li
              key={customer?.id ?? "more"}
              data-index={row.index}
              className="pa-list-row"
              style={{ height: row.size, transform: `translateY(${row.start}px)` }}
            >
              {customer === undefined ? (
                <span className="pa-muted pa-list-more">Loading more…</span>
              ) : (
                <Link
                  href={props.hrefOf(customer)}
                  className="pa-list-link"
                  aria-current={customer.id === props.selectedId ? "page" : undefined}
                  onKeyDown={(event) => onKeyDown(event, row.index)}
                >
                  <span className="pa-list-title">{customerName(customer)}</span>
                  <span className="pa-list-subtitle">
                    {customer.companyName ?? customer.email ?? customer.identifier}
                  </span>
                </Link>
              )}
            </li>
          )
        })}
      </ul>
      {list.isError && <ErrorMessage error={list.error} onRetry={() => list.fetchNextPage()} />}
    </div>
  )
}
