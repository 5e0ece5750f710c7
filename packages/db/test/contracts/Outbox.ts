/**
 * The contract of the Outbox port, run against every adapter: messages are kept in the order appended, each with its
 * tenant, its event as `{ type, data }` JSON and when it happened, and only when the surrounding transaction commits.
 */
import { assert, layer } from "@effect/vitest"
import { DomainEvent, type Message, type MessageId, Outbox, type Tenant, Transactions } from "@patron/domain"
import { DateTime, Effect } from "effect"
import { contract, type Fixture, newCustomerId, newId, newTenant, order } from "./samples.ts"

/** A message as the worker reads it back from the outbox. */
export interface StoredMessage {
  readonly id: string
  readonly type: string
  readonly payload: unknown
  readonly occurredAt: string
}

const message = (event: DomainEvent.DomainEvent, occurredAt = "2026-11-24T12:00:00.123Z"): Message => ({
  id: newId("message") as MessageId,
  event,
  occurredAt: DateTime.makeUnsafe(occurredAt)
})

const orderCreated = () => new DomainEvent.OrderCreated({ data: order(newCustomerId(), "2026-11-24T12:00:00.000Z") })
const contractDeleted = () =>
  new DomainEvent.SubscriptionContractDeleted({ data: contract(newCustomerId(), "2026-11-01T00:00:00.000Z") })

const asStored = (m: Message): StoredMessage => ({
  id: m.id,
  type: m.event.type,
  payload: DomainEvent.toJson(m.event),
  occurredAt: DateTime.formatIso(m.occurredAt)
})

/** Runs the Outbox contract; `read` gives a tenant's messages in outbox order. */
export const suite = <R>(
  name: string,
  fixture: Omit<Fixture<Outbox | Transactions, R>, "seed"> & {
    readonly read: (tenant: Tenant.TenantId) => Effect.Effect<ReadonlyArray<StoredMessage>, never, R>
  }
) =>
  layer(fixture.layer(), { timeout: "60 seconds" })(name, (it) => {
    it.effect("keeps messages in the order appended, with their event as { type, data } JSON", () =>
      Effect.gen(function* () {
        const tenant = newTenant()
        const outbox = yield* Outbox
        const first = [message(orderCreated()), message(contractDeleted(), "2026-11-24T12:00:01Z")]
        const second = [message(contractDeleted(), "2026-11-24T12:00:02Z")]
        yield* outbox.append(tenant, first)
        yield* outbox.append(tenant, [])
        yield* outbox.append(tenant, second)
        const stored = yield* fixture.read(tenant)
        assert.deepStrictEqual(stored, [...first, ...second].map(asStored))
        const payload = stored[0]!.payload as { readonly type: string; readonly data: { readonly id: string } }
        assert.deepStrictEqual(Object.keys(payload).sort(), ["data", "type"])
        assert.strictEqual(payload.type, "order.created")
      })
    )

    it.effect("keeps each tenant's messages to that tenant", () =>
      Effect.gen(function* () {
        const [a, b] = [newTenant(), newTenant()]
        const outbox = yield* Outbox
        const forA = message(orderCreated())
        yield* outbox.append(a, [forA])
        assert.deepStrictEqual(yield* fixture.read(a), [asStored(forA)])
        assert.deepStrictEqual(yield* fixture.read(b), [])
      })
    )

    it.effect("writes nothing when the transaction it was appended in fails", () =>
      Effect.gen(function* () {
        const tenant = newTenant()
        const outbox = yield* Outbox
        const exit = yield* Effect.exit(
          (yield* Transactions).run(
            Effect.gen(function* () {
              yield* outbox.append(tenant, [message(orderCreated())])
              return yield* Effect.fail("the change after it failed")
            })
          )
        )
        assert.strictEqual(exit._tag, "Failure")
        assert.deepStrictEqual(yield* fixture.read(tenant), [])
        const committed = message(orderCreated())
        yield* (yield* Transactions).run(outbox.append(tenant, [committed]))
        assert.deepStrictEqual(yield* fixture.read(tenant), [asStored(committed)])
      })
    )
  })
