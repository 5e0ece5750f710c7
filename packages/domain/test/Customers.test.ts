import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Customer from "../src/Customer.ts"
import * as DomainEvent from "../src/DomainEvent.ts"
import { Outbox } from "../src/ports/Outbox.ts"
import * as InMemory from "../src/testing/InMemory.ts"
import * as Customers from "../src/usecases/Customers.ts"
import * as Orders from "../src/usecases/Orders.ts"
import { asTenant, layer, setNow, tenantA, tenantB } from "./fixtures.ts"

const ada: Customer.CreateInput = {
  firstName: "Ada",
  lastName: "Lovelace",
  identifier: "ada",
  externalReferences: { erp: "1" }
}
const eventTypes = InMemory.outbox.pipe(Effect.map((messages) => messages.map((m) => m.event.type)))

describe("Customers.create", () => {
  it.effect("stores the customer and writes customer.created with it", () =>
    Effect.gen(function* () {
      yield* setNow("2026-11-24T12:00:00Z")
      const created = yield* Customers.create(ada)
      const found = yield* Customers.get({ identifier: "ada" })
      assert.strictEqual(found.id, created.id)
      const [message] = yield* InMemory.outbox
      assert.strictEqual(message?.event.type, "customer.created")
      assert.strictEqual(message?.tenant, tenantA)
      assert.deepStrictEqual(DomainEvent.toJson(message!.event).data, Customer.toJson(created))
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses a taken identifier or external reference and writes nothing", () =>
    Effect.gen(function* () {
      yield* Customers.create(ada)
      const identifier = yield* Effect.flip(Customers.create({ ...ada, externalReferences: {} }))
      assert.strictEqual(identifier._tag, "IdentifierTaken")
      const reference = yield* Effect.flip(Customers.create({ ...ada, identifier: "other" }))
      assert.strictEqual(reference.message, "external reference erp=1 is already used by another customer")
      assert.deepStrictEqual(yield* eventTypes, ["customer.created"])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("rolls the customer back when its event cannot be written", () => {
    const failingOutbox = Layer.succeed(Outbox)(Outbox.of({ append: () => Effect.die("outbox unavailable") }))
    return Effect.gen(function* () {
      const exit = yield* Effect.exit(Customers.create(ada))
      assert.strictEqual(exit._tag, "Failure")
      const found = yield* Effect.flip(Customers.get({ identifier: "ada" }))
      assert.strictEqual(found._tag, "CustomerNotFound")
    }).pipe(asTenant(tenantA), Effect.provide(Layer.merge(layer, failingOutbox)))
  })
})

describe("Customers.update", () => {
  it.effect("merges the patch, bumps the version and writes customer.updated", () =>
    Effect.gen(function* () {
      const created = yield* Customers.create({ ...ada, meta: { tier: "gold" } })
      const updated = yield* Customers.update({
        id: created.id,
        expectedVersion: 1,
        patch: { meta: { set: { channel: "web" } } }
      })
      assert.strictEqual(updated.version, 2)
      assert.deepStrictEqual(updated.meta, { tier: "gold", channel: "web" })
      assert.deepStrictEqual(yield* eventTypes, ["customer.created", "customer.updated"])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("changes nothing and writes no event when expectedVersion is stale", () =>
    Effect.gen(function* () {
      const created = yield* Customers.create(ada)
      yield* Customers.update({ id: created.id, patch: { firstName: "Augusta" } })
      const conflict = yield* Effect.flip(
        Customers.update({ id: created.id, expectedVersion: 1, patch: { firstName: "X" } })
      )
      assert.strictEqual(conflict._tag, "VersionConflict")
      assert.strictEqual((yield* Customers.get({ id: created.id })).firstName, "Augusta")
      assert.deepStrictEqual(yield* eventTypes, ["customer.created", "customer.updated"])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})

describe("Customers across tenants", () => {
  it.effect("never shows one tenant's customers to another", () =>
    Effect.gen(function* () {
      const created = yield* Customers.create(ada).pipe(asTenant(tenantA))
      const notFound = yield* Effect.flip(Customers.get({ id: created.id })).pipe(asTenant(tenantB))
      assert.strictEqual(notFound.message, `customer ${created.id} not found`)
      assert.deepStrictEqual((yield* Customers.list({}).pipe(asTenant(tenantB))).items, [])
      const sameIdentifier = yield* Customers.create(ada).pipe(asTenant(tenantB))
      assert.strictEqual(sameIdentifier.identifier, "ada")
    }).pipe(Effect.provide(layer))
  )
})

describe("Customers.list", () => {
  it.effect("pages through every customer once, newest first", () =>
    Effect.gen(function* () {
      for (let i = 0; i < 7; i++) yield* Customers.create({ firstName: `F${i}`, lastName: `L${i}` })
      const seen: Array<string> = []
      let cursor: string | null | undefined
      do {
        const page = yield* Customers.list({ limit: 3, ...(cursor ? { cursor } : {}) })
        seen.push(...page.items.map((c) => c.firstName))
        cursor = page.nextCursor
      } while (cursor)
      assert.deepStrictEqual(seen, ["F6", "F5", "F4", "F3", "F2", "F1", "F0"])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("searches names, email, identifier and external references case-insensitively", () =>
    Effect.gen(function* () {
      yield* Customers.create({ ...ada, email: "ADA@Example.com" })
      yield* Customers.create({ firstName: "Grace", lastName: "Hopper", externalReferences: { crm: "HOP-77" } })
      const names = (search: string) =>
        Customers.list({ search }).pipe(Effect.map((page) => page.items.map((c) => c.firstName)))
      assert.deepStrictEqual(yield* names("lovel"), ["Ada"])
      assert.deepStrictEqual(yield* names("example.COM"), ["Ada"])
      assert.deepStrictEqual(yield* names("hop-7"), ["Grace"])
      assert.deepStrictEqual(yield* names("nobody"), [])
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )

  it.effect("refuses a cursor it did not make", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Customers.list({ cursor: "not-a-cursor" }))
      assert.strictEqual(error._tag, "CursorInvalid")
    }).pipe(asTenant(tenantA), Effect.provide(layer))
  )
})

describe("Orders.create", () => {
  it.effect("needs an existing customer of the tenant", () =>
    Effect.gen(function* () {
      const created = yield* Customers.create(ada).pipe(asTenant(tenantA))
      const input = { customerId: created.id, currency: "NOK", items: [] }
      const error = yield* Effect.flip(Orders.create(input as never)).pipe(asTenant(tenantB))
      assert.strictEqual(error._tag, "CustomerNotFound")
    }).pipe(Effect.provide(layer))
  )
})
