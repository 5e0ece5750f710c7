/**
 * The contract of the OrderRepository port, run against every adapter: what is stored is found again exactly, listings
 * run newest first and reach every order once, and no tenant sees another's orders.
 */
import { assert, layer } from "@effect/vitest"
import { Order, OrderRepository } from "@patron/domain"
import { Effect, Option } from "effect"
import { Base64Url } from "effect/encoding"
import { allPages, type Fixture, newCustomerId, newId, order, seeded } from "./samples.ts"

const json = (orders: ReadonlyArray<Order.Order>) => orders.map((o) => Order.toJson(o))

/** Newest first, ties broken by id, as the keyset pagination orders them. */
const newestFirst = (orders: ReadonlyArray<Order.Order>) =>
  [...orders].sort(
    (a, b) => b.createdAt.epochMilliseconds - a.createdAt.epochMilliseconds || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0)
  )

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 12, minute)).toISOString()

/** Runs the OrderRepository contract on the adapter the fixture builds. */
export const suite = <R>(name: string, fixture: Fixture<OrderRepository, R>) =>
  layer(fixture.layer(), { timeout: "60 seconds" })(name, (it) => {
    it.effect("finds a stored order exactly as it was written", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* OrderRepository
        const placed = order(customerIds[0]!, "2026-11-24T12:00:00.123Z")
        yield* repository.insert(tenant, placed)
        const found = yield* repository.find(tenant, placed.id)
        assert.isTrue(Option.isSome(found))
        assert.deepStrictEqual(Order.toJson(Option.getOrThrow(found)), Order.toJson(placed))
      })
    )

    it.effect("finds nothing under an unknown id", () =>
      Effect.gen(function* () {
        const { tenant } = yield* seeded(fixture)
        const found = yield* (yield* OrderRepository).find(tenant, newId("order") as Order.OrderId)
        assert.isTrue(Option.isNone(found))
      })
    )

    it.effect("pages through every order once, newest first, ties in id order", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* OrderRepository
        const orders = [0, 5, 5, 5, 9, 2, 7, 7].map((minute) => order(customerIds[0]!, at(minute)))
        yield* Effect.forEach(orders, (o) => repository.insert(tenant, o))
        const pages = yield* allPages((cursor) =>
          repository.list(tenant, { limit: 3, ...(cursor === undefined ? {} : { cursor }) })
        )
        assert.deepStrictEqual(
          pages.map((page) => page.length),
          [3, 3, 2]
        )
        assert.deepStrictEqual(json(pages.flat()), json(newestFirst(orders)))
      })
    )

    it.effect("shows 50 orders to a page unless asked otherwise, and ends with a null cursor", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* OrderRepository
        yield* Effect.forEach(Array.from({ length: 51 }), (_, i) =>
          repository.insert(tenant, order(customerIds[0]!, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()))
        )
        const first = yield* repository.list(tenant, {})
        assert.strictEqual(first.items.length, 50)
        assert.isNotNull(first.nextCursor)
        const last = yield* repository.list(tenant, { cursor: first.nextCursor! })
        assert.strictEqual(last.items.length, 1)
        assert.isNull(last.nextCursor)
        const exact = yield* repository.list(tenant, { limit: 51 })
        assert.strictEqual(exact.items.length, 51)
        assert.isNull(exact.nextCursor)
      })
    )

    it.effect("neither repeats nor skips an order when newer ones arrive between pages", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture)
        const repository = yield* OrderRepository
        const orders = [1, 2, 3, 4, 5].map((minute) => order(customerIds[0]!, at(minute)))
        yield* Effect.forEach(orders, (o) => repository.insert(tenant, o))
        const first = yield* repository.list(tenant, { limit: 2 })
        yield* repository.insert(tenant, order(customerIds[0]!, at(30)))
        const rest = yield* allPages((cursor) =>
          repository.list(tenant, { limit: 2, cursor: cursor ?? first.nextCursor! })
        )
        assert.deepStrictEqual(json([...first.items, ...rest.flat()]), json(newestFirst(orders)))
      })
    )

    it.effect("lists and counts the orders of one customer", () =>
      Effect.gen(function* () {
        const { tenant, customerIds } = yield* seeded(fixture, 2)
        const [ada, grace] = customerIds as [(typeof customerIds)[0], (typeof customerIds)[0]]
        const repository = yield* OrderRepository
        const adas = [1, 3].map((minute) => order(ada, at(minute)))
        yield* Effect.forEach([...adas, order(grace, at(2))], (o) => repository.insert(tenant, o))
        const page = yield* repository.list(tenant, { customerId: ada })
        assert.deepStrictEqual(json(page.items), json(newestFirst(adas)))
        assert.strictEqual(yield* repository.countForCustomer(tenant, ada), 2)
        assert.strictEqual(yield* repository.countForCustomer(tenant, grace), 1)
        assert.strictEqual(yield* repository.countForCustomer(tenant, newCustomerId()), 0)
      })
    )

    it.effect("never shows one tenant's orders to another", () =>
      Effect.gen(function* () {
        const a = yield* seeded(fixture)
        const b = yield* seeded(fixture)
        const repository = yield* OrderRepository
        const placed = order(a.customerIds[0]!, at(1))
        yield* repository.insert(a.tenant, placed)
        assert.isTrue(Option.isNone(yield* repository.find(b.tenant, placed.id)))
        assert.deepStrictEqual((yield* repository.list(b.tenant, {})).items, [])
        assert.strictEqual(yield* repository.countForCustomer(b.tenant, placed.customerId), 0)
      })
    )

    it.effect("refuses a cursor it did not make", () =>
      Effect.gen(function* () {
        const { tenant } = yield* seeded(fixture)
        const repository = yield* OrderRepository
        for (const cursor of ["not-a-cursor", Base64Url.encode("[1]"), Base64Url.encode('["x", 1]')]) {
          const error = yield* Effect.flip(repository.list(tenant, { cursor }))
          assert.strictEqual(error._tag, "CursorInvalid")
        }
      })
    )
  })
