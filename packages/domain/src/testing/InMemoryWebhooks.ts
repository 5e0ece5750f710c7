/**
 * In-memory adapters of the webhook ports (endpoints and the delivery log), for use-case tests and as the
 * reference the SQL adapters are held to by the shared contract suites. `fanOut` and `attemptDue` stand in for the
 * worker so tests can fill the delivery log. Writes here are not undone by `InMemory`'s transaction rollback.
 */
import { Context, DateTime, Effect, Layer, Option, Ref } from "effect"
import type * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import { DeliveryLog, type TestMessage } from "../ports/DeliveryLog.ts"
import type { MessageId } from "../ports/Outbox.ts"
import { type StoredEndpoint, WebhookEndpointRepository } from "../ports/WebhookEndpointRepository.ts"
import type { TenantId } from "../Tenant.ts"
import * as Webhook from "../Webhook.ts"
import { paginate } from "./Keyset.ts"

/** Everything the in-memory webhook store holds; endpoints and deliveries are keyed `tenant/id`. */
export interface State {
  readonly endpoints: ReadonlyMap<string, StoredEndpoint>
  readonly deliveries: ReadonlyMap<string, Webhook.Delivery>
  readonly testMessages: ReadonlyArray<TestMessage & { readonly tenant: TenantId }>
}

const empty: State = { endpoints: new Map(), deliveries: new Map(), testMessages: [] }

/** The store itself, so tests can look at what was written. */
export class Store extends Context.Service<Store, Ref.Ref<State>>()("@patron/domain/testing/WebhookStore") {}

const key = (tenant: TenantId, id: string) => `${tenant}/${id}`
const ofTenant = <A>(map: ReadonlyMap<string, A>, tenant: TenantId) =>
  [...map].filter(([k]) => k.startsWith(`${tenant}/`)).map(([, v]) => v)
const withEntry = <A>(map: ReadonlyMap<string, A>, k: string, v: A) => new Map(map).set(k, v)

/** One of the store's maps, read and replaced. */
interface Field<A> {
  readonly get: (state: State) => ReadonlyMap<string, A>
  readonly set: (state: State, map: ReadonlyMap<string, A>) => State
}
const endpointsField: Field<StoredEndpoint> = { get: (s) => s.endpoints, set: (s, endpoints) => ({ ...s, endpoints }) }
const deliveriesField: Field<Webhook.Delivery> = {
  get: (s) => s.deliveries,
  set: (s, deliveries) => ({ ...s, deliveries })
}

/** Replaces the stored value under `k` with `change` of it, or fails with `missing` when there is none. */
const modifyEntry = <A, E>(
  store: Ref.Ref<State>,
  field: Field<A>,
  k: string,
  change: (value: A) => A,
  missing: () => E
) =>
  Effect.flatMap(Ref.get(store), (state) => {
    const current = field.get(state).get(k)
    if (current === undefined) return Effect.fail(missing())
    const next = change(current)
    return Effect.as(Ref.set(store, field.set(state, withEntry(field.get(state), k, next))), next)
  })

const endpointRepository = (store: Ref.Ref<State>) =>
  WebhookEndpointRepository.of({
    insert: (tenant, endpoint, secrets) =>
      Ref.update(store, (state) => ({
        ...state,
        endpoints: withEntry(state.endpoints, key(tenant, endpoint.id), { endpoint, secrets })
      })),
    update: (tenant, endpoint) =>
      modifyEntry(
        store,
        endpointsField,
        key(tenant, endpoint.id),
        (stored) => ({ ...stored, endpoint }),
        () => new Webhook.WebhookEndpointNotFound({ id: endpoint.id })
      ).pipe(Effect.asVoid),
    setSecrets: (tenant, id, secrets) =>
      modifyEntry(
        store,
        endpointsField,
        key(tenant, id),
        (stored) => ({ ...stored, secrets }),
        () => new Webhook.WebhookEndpointNotFound({ id })
      ).pipe(Effect.asVoid),
    find: (tenant, id) =>
      Ref.get(store).pipe(Effect.map((state) => Option.fromNullishOr(state.endpoints.get(key(tenant, id))))),
    list: (tenant, query) =>
      Effect.flatMap(Ref.get(store), (state) =>
        paginate(
          ofTenant(state.endpoints, tenant).map((stored) => stored.endpoint),
          { key: (e) => e.createdAt.epochMilliseconds, direction: "desc", cursor: query.cursor, limit: query.limit }
        )
      ),
    remove: (tenant, id) =>
      Effect.flatMap(Ref.get(store), (state) => {
        if (!state.endpoints.has(key(tenant, id))) return Effect.fail(new Webhook.WebhookEndpointNotFound({ id }))
        const endpoints = new Map(state.endpoints)
        endpoints.delete(key(tenant, id))
        const deliveries = new Map(
          [...state.deliveries].filter(([k, d]) => !(k.startsWith(`${tenant}/`) && d.endpointId === id))
        )
        return Ref.set(store, { ...state, endpoints, deliveries })
      })
  })

const deliveryLog = (store: Ref.Ref<State>) =>
  DeliveryLog.of({
    list: (tenant, query) =>
      Effect.flatMap(Ref.get(store), (state) =>
        paginate(
          ofTenant(state.deliveries, tenant).filter(
            (d) => d.endpointId === query.endpointId && (query.status === undefined || d.status === query.status)
          ),
          { key: (d) => d.createdAt.epochMilliseconds, direction: "desc", cursor: query.cursor, limit: query.limit }
        )
      ),
    find: (tenant, id) =>
      Ref.get(store).pipe(Effect.map((state) => Option.fromNullishOr(state.deliveries.get(key(tenant, id))))),
    redeliver: (tenant, id) =>
      Effect.flatMap(DateTime.now, (now) =>
        modifyEntry(
          store,
          deliveriesField,
          key(tenant, id),
          (delivery) => ({ ...delivery, status: "pending", nextAttemptAt: now }),
          () => new Webhook.DeliveryNotFound({ id })
        )
      ),
    recentTests: (tenant, endpointId, withinSeconds) =>
      Effect.gen(function* () {
        const since = DateTime.toEpochMillis(yield* DateTime.now) - withinSeconds * 1000
        return ofTenant((yield* Ref.get(store)).deliveries, tenant)
          .filter(
            (d) =>
              d.endpointId === endpointId &&
              d.eventType === Webhook.testEventType &&
              DateTime.toEpochMillis(d.createdAt) > since
          )
          .map((d) => d.createdAt)
          .sort((a, b) => DateTime.toEpochMillis(a) - DateTime.toEpochMillis(b))
      }),
    enqueueTest: (tenant, test) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store)
        if (!state.endpoints.has(key(tenant, test.endpointId))) {
          return yield* new Webhook.WebhookEndpointNotFound({ id: test.endpointId })
        }
        const now = yield* DateTime.now
        const delivery: Webhook.Delivery = {
          id: test.id,
          endpointId: test.endpointId,
          eventId: test.message.id,
          eventType: Webhook.testEventType,
          status: "pending",
          attempts: [],
          nextAttemptAt: now,
          createdAt: now
        }
        yield* Ref.set(store, {
          ...state,
          deliveries: withEntry(state.deliveries, key(tenant, delivery.id), delivery),
          testMessages: [...state.testMessages, { ...test.message, tenant }]
        })
        return delivery
      })
  })

/** The webhook ports over one in-memory store, plus the store (secrets come from `InMemoryAccess.layerSecrets`). */
export const layer = Layer.effectContext(
  Effect.map(Ref.make(empty), (store) =>
    Context.make(Store, store).pipe(
      Context.add(WebhookEndpointRepository, endpointRepository(store)),
      Context.add(DeliveryLog, deliveryLog(store))
    )
  )
)

/** As the worker's fan-out: one pending delivery, due now, per endpoint of the tenant that matches the message. */
export const fanOut = (tenant: TenantId, message: { readonly id: MessageId; readonly type: DomainEvent.EventType }) =>
  Effect.gen(function* () {
    const store = yield* Store
    const ids = yield* Ids
    const now = yield* DateTime.now
    const endpoints = ofTenant((yield* Ref.get(store)).endpoints, tenant).filter(({ endpoint }) =>
      Webhook.matches(endpoint, message.type)
    )
    const made = yield* Effect.forEach(endpoints, ({ endpoint }) =>
      Effect.map(
        ids.make("delivery"),
        (id): Webhook.Delivery => ({
          id: id as Webhook.DeliveryId,
          endpointId: endpoint.id,
          eventId: message.id,
          eventType: message.type,
          status: "pending",
          attempts: [],
          nextAttemptAt: now,
          createdAt: now
        })
      )
    )
    yield* Ref.update(store, (state) => ({
      ...state,
      deliveries: made.reduce((map, d) => withEntry(map, key(tenant, d.id), d), state.deliveries)
    }))
    return made
  })

/**
 * As the worker sending: records `attempt` on every pending delivery of the tenant that is due, then due again at
 * `retryAt` or, without one, failed (succeeded on a 2xx either way); returns the ids attempted.
 */
export const attemptDue = (tenant: TenantId, attempt: Webhook.Attempt, retryAt: DateTime.Utc | undefined) =>
  Effect.gen(function* () {
    const store = yield* Store
    const now = yield* DateTime.now
    const state = yield* Ref.get(store)
    const due = ofTenant(state.deliveries, tenant).filter(
      (d) =>
        d.status === "pending" && d.nextAttemptAt !== undefined && DateTime.isLessThanOrEqualTo(d.nextAttemptAt, now)
    )
    yield* Ref.set(store, {
      ...state,
      deliveries: due.reduce(
        (map, d) => withEntry(map, key(tenant, d.id), Webhook.recordAttempt(d, attempt, retryAt)),
        state.deliveries
      )
    })
    return due.map((d) => d.id)
  })

/** The test messages queued so far, oldest first. */
export const testMessages = Effect.gen(function* () {
  return (yield* Ref.get(yield* Store)).testMessages
})
