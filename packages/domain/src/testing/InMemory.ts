/**
 * In-memory adapters of every domain port, for tests of the use cases and as the reference the SQL adapters are held
 * to by the shared contract suites. A transaction holds a lock and restores a snapshot when its effect fails.
 */
import { BigDecimal, Context, DateTime, Effect, Layer, Option, Ref, Semaphore } from "effect"
import type * as Customer from "../Customer.ts"
import * as Customer_ from "../Customer.ts"
import * as CustomerQuery from "../CustomerQuery.ts"
import type * as Order from "../Order.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { OrderRepository } from "../ports/OrderRepository.ts"
import { type Message, Outbox } from "../ports/Outbox.ts"
import { SubscriptionContractRepository } from "../ports/SubscriptionContractRepository.ts"
import { Transactions } from "../ports/Transactions.ts"
import { type DailyTotal, UsageRepository } from "../ports/UsageRepository.ts"
import * as SubscriptionContract from "../SubscriptionContract.ts"
import type { TenantId } from "../Tenant.ts"
import type * as Usage from "../Usage.ts"
import * as Version from "../Version.ts"
import { paginate } from "./Keyset.ts"

/** Everything the in-memory store holds, per tenant. */
export interface State {
  readonly customers: ReadonlyMap<string, Customer.Customer>
  readonly orders: ReadonlyMap<string, Order.Order>
  readonly contracts: ReadonlyMap<string, SubscriptionContract.SubscriptionContract>
  readonly usage: ReadonlyMap<string, Usage.UsageRecord>
  readonly outbox: ReadonlyArray<Message & { readonly tenant: TenantId }>
}

const empty: State = { customers: new Map(), orders: new Map(), contracts: new Map(), usage: new Map(), outbox: [] }

/** The store itself, so tests can look at what was written (the outbox above all). */
export class Store extends Context.Service<Store, Ref.Ref<State>>()("@patron/domain/testing/Store") {}

const InTransaction = Context.Reference<boolean>("@patron/domain/testing/InTransaction", { defaultValue: () => false })

const key = (tenant: TenantId, id: string) => `${tenant}/${id}`
const usageKey = (tenant: TenantId, contractId: string, idempotencyKey: string) =>
  `${tenant}/${contractId}/${idempotencyKey}`
const ofTenant = <A>(map: ReadonlyMap<string, A>, tenant: TenantId) =>
  [...map].filter(([k]) => k.startsWith(`${tenant}/`)).map(([, v]) => v)
const withEntry = <A>(map: ReadonlyMap<string, A>, k: string, v: A) => new Map(map).set(k, v)
const without = <A>(map: ReadonlyMap<string, A>, keys: Iterable<string>) => {
  const next = new Map(map)
  for (const k of keys) next.delete(k)
  return next
}

const uniquenessError = (
  customers: ReadonlyArray<Customer.Customer>,
  customer: Customer.Customer
): Option.Option<Customer_.IdentifierTaken | Customer_.ExternalReferenceTaken> => {
  const others = customers.filter((c) => c.id !== customer.id)
  if (others.some((c) => c.identifier === customer.identifier)) {
    return Option.some(new Customer_.IdentifierTaken({ identifier: customer.identifier }))
  }
  for (const [refKey, value] of Object.entries(customer.externalReferences)) {
    if (others.some((c) => c.externalReferences[refKey] === value)) {
      return Option.some(new Customer_.ExternalReferenceTaken({ key: refKey, value }))
    }
  }
  return Option.none()
}

const customerRepository = (store: Ref.Ref<State>) => {
  const findCustomer = (tenant: TenantId, lookup: Customer.Lookup) =>
    Ref.get(store).pipe(
      Effect.map((state) =>
        Option.fromNullishOr(
          "id" in lookup
            ? state.customers.get(key(tenant, lookup.id))
            : ofTenant(state.customers, tenant).find((c) =>
                "identifier" in lookup
                  ? c.identifier === lookup.identifier
                  : c.externalReferences[lookup.externalReference.key] === lookup.externalReference.value
              )
        )
      )
    )
  const insert = (tenant: TenantId, customer: Customer.Customer) =>
    Effect.gen(function* () {
      const state = yield* Ref.get(store)
      const taken = uniquenessError(ofTenant(state.customers, tenant), customer)
      if (Option.isSome(taken)) return yield* taken.value
      yield* Ref.set(store, { ...state, customers: withEntry(state.customers, key(tenant, customer.id), customer) })
    })
  const update = (tenant: TenantId, customer: Customer.Customer) =>
    Effect.gen(function* () {
      const state = yield* Ref.get(store)
      const stored = state.customers.get(key(tenant, customer.id))
      const actual = stored?.version ?? 0
      yield* Version.check(customer.id, customer.version - 1, actual)
      const taken = uniquenessError(ofTenant(state.customers, tenant), customer)
      if (Option.isSome(taken)) return yield* taken.value
      yield* Ref.set(store, { ...state, customers: withEntry(state.customers, key(tenant, customer.id), customer) })
    })
  const listCustomers = (tenant: TenantId, query: CustomerQuery.ListQuery) =>
    Ref.get(store).pipe(
      Effect.flatMap((state) => {
        const sort = query.sort ?? CustomerQuery.defaultSort
        return paginate(
          ofTenant(state.customers, tenant).filter((c) => CustomerQuery.matches(c, query)),
          {
            key: (c) => CustomerQuery.sortKey(c, sort.field),
            direction: sort.direction,
            cursor: query.cursor,
            limit: query.limit
          }
        )
      })
    )
  // A batch is all or nothing: the store as it was comes back when one of its customers is refused.
  const atomically = <E>(write: Effect.Effect<void, E>) =>
    Effect.flatMap(Ref.get(store), (before) => Effect.onError(write, () => Ref.set(store, before)))
  return CustomerRepository.of({
    insert,
    update,
    insertMany: (tenant, list) => atomically(Effect.forEach(list, (c) => insert(tenant, c), { discard: true })),
    updateMany: (tenant, list) => atomically(Effect.forEach(list, (c) => update(tenant, c), { discard: true })),
    holding: (tenant, handles) =>
      Ref.get(store).pipe(
        Effect.map((state) =>
          ofTenant(state.customers, tenant).filter(
            (c) =>
              handles.identifiers.includes(c.identifier) ||
              handles.references.some((pair) => c.externalReferences[pair.key] === pair.value)
          )
        )
      ),
    find: (tenant, lookup) => findCustomer(tenant, lookup),
    read: (tenant, lookup) => Effect.map(findCustomer(tenant, lookup), Option.map(Customer_.toJson)),
    list: (tenant, query) => listCustomers(tenant, query),
    readPage: (tenant, query) =>
      Effect.map(listCustomers(tenant, query), (page) => ({ ...page, items: page.items.map(Customer_.toJson) })),
    keysOf: (tenant, query) =>
      Effect.map(Ref.get(store), (state) => {
        const matching = ofTenant(state.customers, tenant).filter((c) => CustomerQuery.matches(c, query))
        const keys = (of: (c: Customer.Customer) => object) => [...new Set(matching.flatMap((c) => Object.keys(of(c))))]
        return { meta: keys((c) => c.meta).sort(), references: keys((c) => c.externalReferences).sort() }
      }),
    remove: (tenant, id, version) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        yield* Version.check(id, version, state.customers.get(key(tenant, id))?.version ?? 0)
        yield* Ref.set(store, { ...state, customers: without(state.customers, [key(tenant, id)]) })
      })
  })
}

const orderRepository = (store: Ref.Ref<State>) =>
  OrderRepository.of({
    insert: (tenant, order) =>
      Ref.update(store, (state) => ({ ...state, orders: withEntry(state.orders, key(tenant, order.id), order) })),
    find: (tenant, id) =>
      Ref.get(store).pipe(Effect.map((state) => Option.fromNullishOr(state.orders.get(key(tenant, id))))),
    list: (tenant, query) =>
      Ref.get(store).pipe(
        Effect.flatMap((state) =>
          paginate(
            ofTenant(state.orders, tenant).filter(
              (o) => query.customerId === undefined || o.customerId === query.customerId
            ),
            { key: (o) => o.createdAt.epochMilliseconds, direction: "desc", cursor: query.cursor, limit: query.limit }
          )
        )
      ),
    countForCustomer: (tenant, customerId) =>
      Ref.get(store).pipe(
        Effect.map((state) => ofTenant(state.orders, tenant).filter((o) => o.customerId === customerId).length)
      )
  })

const contractRepository = (store: Ref.Ref<State>) =>
  SubscriptionContractRepository.of({
    insert: (tenant, contract) =>
      Ref.update(store, (state) => ({
        ...state,
        contracts: withEntry(state.contracts, key(tenant, contract.id), contract)
      })),
    update: (tenant, contract) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        yield* Version.check(
          contract.id,
          contract.version - 1,
          state.contracts.get(key(tenant, contract.id))?.version ?? 0
        )
        yield* Ref.set(store, { ...state, contracts: withEntry(state.contracts, key(tenant, contract.id), contract) })
      }),
    find: (tenant, id) =>
      Ref.get(store).pipe(Effect.map((state) => Option.fromNullishOr(state.contracts.get(key(tenant, id))))),
    list: (tenant, query) =>
      Ref.get(store).pipe(
        Effect.flatMap((state) =>
          paginate(
            ofTenant(state.contracts, tenant).filter(
              (c) =>
                (query.customerId === undefined || c.customerId === query.customerId) &&
                (query.state === undefined || SubscriptionContract.stateAt(c.status, query.now) === query.state)
            ),
            { key: (c) => c.createdAt.epochMilliseconds, direction: "desc", cursor: query.cursor, limit: query.limit }
          )
        )
      ),
    listForCustomer: (tenant, customerId) =>
      Ref.get(store).pipe(
        Effect.map((state) => ofTenant(state.contracts, tenant).filter((c) => c.customerId === customerId))
      ),
    remove: (tenant, ids) =>
      Ref.update(store, (state) => ({
        ...state,
        contracts: without(
          state.contracts,
          ids.map((id) => key(tenant, id))
        ),
        usage: new Map([...state.usage].filter(([, record]) => !ids.includes(record.contractId)))
      }))
  })

const usageRepository = (store: Ref.Ref<State>) =>
  UsageRepository.of({
    findByKey: (tenant, contractId, idempotencyKey) =>
      Ref.get(store).pipe(
        Effect.map((state) => Option.fromNullishOr(state.usage.get(usageKey(tenant, contractId, idempotencyKey))))
      ),
    insert: (tenant, record) =>
      Ref.modify(store, (state) => {
        const k = usageKey(tenant, record.contractId, record.idempotencyKey)
        const stored = state.usage.get(k)
        return stored !== undefined ? [stored, state] : [record, { ...state, usage: withEntry(state.usage, k, record) }]
      }),
    dailyTotals: (tenant, contractId, range) =>
      Ref.get(store).pipe(
        Effect.map((state) => {
          const totals = new Map<string, DailyTotal>()
          const from = range.from.epochMilliseconds
          for (const record of ofTenant(state.usage, tenant)) {
            const at = record.occurredAt.epochMilliseconds
            if (record.contractId !== contractId || at < from || at >= range.to.epochMilliseconds) continue
            const dayIndex = Math.floor((at - from) / 86_400_000)
            const k = `${record.meteredVariable}/${dayIndex}`
            const before = totals.get(k)
            totals.set(k, {
              meteredVariable: record.meteredVariable,
              dayIndex,
              quantity: before === undefined ? record.quantity : BigDecimal.sum(before.quantity, record.quantity)
            })
          }
          return [...totals.values()].sort((a, b) => a.dayIndex - b.dayIndex)
        })
      )
  })

/** Every port over one in-memory store, plus the store itself. */
export const layer = Layer.effectContext(
  Effect.gen(function* () {
    const store = yield* Ref.make(empty)
    const lock = yield* Semaphore.make(1)
    const transactions = Transactions.of({
      run: (effect) =>
        Effect.gen(function* () {
          if (yield* InTransaction) return yield* effect
          return yield* Semaphore.withPermit(
            lock,
            Effect.gen(function* () {
              const snapshot = yield* Ref.get(store)
              return yield* effect.pipe(
                Effect.provideService(InTransaction, true),
                Effect.onError(() => Ref.set(store, snapshot))
              )
            })
          )
        })
    })
    return Context.make(Store, store).pipe(
      Context.add(CustomerRepository, customerRepository(store)),
      Context.add(OrderRepository, orderRepository(store)),
      Context.add(SubscriptionContractRepository, contractRepository(store)),
      Context.add(UsageRepository, usageRepository(store)),
      Context.add(
        Outbox,
        Outbox.of({
          append: (tenant, messages) =>
            Ref.update(store, (state) => ({
              ...state,
              outbox: [...state.outbox, ...messages.map((m) => ({ ...m, tenant }))]
            }))
        })
      ),
      Context.add(Transactions, transactions)
    )
  })
)

/** The events written to the outbox so far, oldest first. */
export const outbox = Effect.gen(function* () {
  return (yield* Ref.get(yield* Store)).outbox
})

/** Today in UTC, for tests. */
export const today = DateTime.now
