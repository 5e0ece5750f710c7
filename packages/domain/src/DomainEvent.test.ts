import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Result, Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as Deletion from "./Deletion.ts"
import * as DomainEvent from "./DomainEvent.ts"
import * as SubscriptionContract from "./SubscriptionContract.ts"
import * as Validation from "./Validation.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const customer = Result.getOrThrow(
  Customer.make(Effect.runSync(Validation.decode(Customer.CreateInput)({ firstName: "Ada", lastName: "Lovelace" })), {
    id: "cus_01JBZ0000000000000000000AA" as Customer.CustomerId,
    now,
    addressIds: []
  })
)
const contract = SubscriptionContract.make(
  Effect.runSync(
    Validation.decode(SubscriptionContract.CreateInput)({
      customerId: customer.id,
      plan: { identifier: "basic", name: "Basic" },
      item: { sku: "basic", name: "Basic", quantity: 1 },
      currency: "EUR",
      recurring: { price: "10", period: 1, unit: "month", meteredVariables: [] }
    })
  ),
  { id: "sub_01JBZ0000000000000000000AA" as SubscriptionContract.SubscriptionContractId, now }
)

describe("DomainEvent.eventTypes", () => {
  it("is the catalogue of PRODUCT.md §6 with stable dotted names", () => {
    assert.deepStrictEqual(DomainEvent.eventTypes, [
      "customer.created",
      "customer.updated",
      "customer.deleted",
      "order.created",
      "subscription_contract.created",
      "subscription_contract.updated",
      "subscription_contract.deleted"
    ])
  })

  it("names every member of the union", () => {
    const types = DomainEvent.DomainEvent.members.map((member) => member.fields.type.schema.literal)
    assert.deepStrictEqual([...types].sort(), [...DomainEvent.eventTypes].sort())
  })
})

describe("DomainEvent.DomainEvent", () => {
  it("writes events as { type, data } with data as the API returns the resource, and reads them back", () => {
    const event = new DomainEvent.CustomerUpdated({ data: customer })
    const json = DomainEvent.toJson(event)
    assert.deepStrictEqual(json, { type: "customer.updated", data: Customer.toJson(customer) })
    const back = Schema.decodeUnknownSync(DomainEvent.DomainEvent)(JSON.parse(JSON.stringify(json)))
    assert.strictEqual(back.type, "customer.updated")
    assert.deepStrictEqual(DomainEvent.toJson(back), json)
  })
})

describe("Deletion.plan", () => {
  it("deletes the contracts, keeps the orders, and emits customer.deleted then one event per contract", () => {
    const plan = Deletion.plan(customer, 2, [contract])
    assert.deepStrictEqual(Deletion.outcome(plan), {
      id: customer.id,
      preservedOrderCount: 2,
      deletedSubscriptionContractIds: [contract.id]
    })
    const json = plan.events.map((event) => DomainEvent.toJson(event))
    assert.deepStrictEqual(
      json.map((event) => event.type),
      ["customer.deleted", "subscription_contract.deleted"]
    )
    assert.deepStrictEqual(json[0]?.data, {
      ...Customer.toJson(customer),
      deletedSubscriptionContractIds: [contract.id],
      preservedOrderCount: 2
    })
  })

  it("emits only customer.deleted for a customer without contracts", () => {
    const plan = Deletion.plan(customer, 0, [])
    assert.deepStrictEqual(
      plan.events.map((event) => event.type),
      ["customer.deleted"]
    )
  })
})
