/**
 * The output Schemas the API reference documents (`Answers.ts`, in /openapi.json and docs/api-reference.md) are what
 * the procedures answer: every procedure of the router is called once on its happy path, and its answer, as JSON,
 * decodes with the Schema documented for it.
 */
import { CustomerImports, Tenant } from "@patron/domain"
import { Effect, Schema } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { Procedures } from "../src/index.ts"
import { tenantA, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

const documented = new Map(Procedures.all().map((procedure) => [procedure.name, procedure.answer.output]))
const checked = new Set<string>()

/** The answer of `name`, as JSON, decoded with its documented output Schema (throws when it does not decode). */
const answer = async <A>(name: string, call: Promise<A>): Promise<A> => {
  const json = JSON.parse(JSON.stringify((await call) ?? null)) as unknown
  const schema = documented.get(name)
  if (schema === undefined) throw new Error(`no documented output for ${name}`)
  const decoded = Schema.decodeUnknownExit(schema as Schema.Codec<unknown, unknown>)(json)
  if (decoded._tag === "Failure") throw new Error(`${name} answered what its documented Schema refuses: ${decoded}`)
  checked.add(name)
  return json as A
}

describe("the documented output Schemas", () => {
  it("decode every procedure's answer", async () => {
    const api = current.as(current.admin())
    const customer = await answer("customers.create", api.customers.create({ firstName: "Ada", lastName: "Lovelace" }))
    await answer("customers.get", api.customers.get({ id: customer.id }))
    await answer("customers.list", api.customers.list({}))
    await answer("customers.update", api.customers.update({ id: customer.id, patch: { companyName: "Engines" } }))
    await answer("customers.deletionPreview", api.customers.deletionPreview({ id: customer.id }))
    await answer(
      "customers.upsert",
      api.customers.upsert({ match: { identifier: "grace" }, customer: { firstName: "Grace", lastName: "Hopper" } })
    )
    await answer(
      "customers.upsertMany",
      api.customers.upsertMany({
        rows: [{ match: { identifier: "grace" }, customer: { firstName: "Grace", lastName: "Hopper" } }]
      })
    )
    const order = await answer(
      "orders.create",
      api.orders.create({
        customerId: customer.id,
        currency: "EUR",
        items: [{ name: "Notes", quantity: "2", unitPrice: "19.90", taxRate: "0.25" }]
      })
    )
    await answer("orders.get", api.orders.get({ id: order.id }))
    await answer("orders.list", api.orders.list({ customerId: customer.id }))
    const contract = await answer(
      "subscriptionContracts.create",
      api.subscriptionContracts.create({
        customerId: customer.id,
        plan: { identifier: "api-metered", name: "API, metered" },
        item: { sku: "API", name: "API access", quantity: 1 },
        currency: "EUR",
        recurring: {
          price: "49",
          period: 1,
          unit: "month",
          meteredVariables: [
            {
              identifier: "api-calls",
              name: "API calls",
              unit: "call",
              tierType: "graduated",
              tiers: [
                { threshold: "0", unitPrice: "0" },
                { threshold: "1000", unitPrice: "0.05" }
              ]
            }
          ]
        }
      })
    )
    const id = contract.id
    await answer("subscriptionContracts.get", api.subscriptionContracts.get({ id }))
    await answer("subscriptionContracts.list", api.subscriptionContracts.list({ customerId: customer.id }))
    await answer(
      "usage.record",
      api.usage.record({ contractId: id, meteredVariable: "api-calls", quantity: "1500", idempotencyKey: "k-1" })
    )
    await answer(
      "usage.recordBatch",
      api.usage.recordBatch({
        records: [{ contractId: id, meteredVariable: "api-calls", quantity: "10", idempotencyKey: "k-2" }]
      })
    )
    await answer("usage.summary", api.usage.summary({ contractId: id }))
    await answer(
      "subscriptionContracts.update",
      api.subscriptionContracts.update({ id, patch: { plan: { name: "API, metered (2026)" } } })
    )
    await answer("subscriptionContracts.pause", api.subscriptionContracts.pause({ id }))
    await answer("subscriptionContracts.resume", api.subscriptionContracts.resume({ id }))
    await answer("subscriptionContracts.renew", api.subscriptionContracts.renew({ id }))
    await answer("subscriptionContracts.cancel", api.subscriptionContracts.cancel({ id, atPeriodEnd: true }))
    await answer("subscriptionContracts.delete", api.subscriptionContracts.delete({ id }))

    const job = await current.runtime.runPromise(
      CustomerImports.start({ dryRun: false, match: { kind: "identifier" }, owner: "test" }).pipe(
        Effect.provideService(Tenant.CurrentTenant, { id: tenantA })
      )
    )
    await answer("imports.get", api.imports.get({ id: job.id }))

    await answer("webhooks.eventTypes", api.webhooks.eventTypes())
    const endpoint = await answer(
      "webhooks.create",
      api.webhooks.create({ url: "https://example.com/hook", events: ["*"], headers: { authorization: "Bearer x" } })
    )
    await answer("webhooks.list", api.webhooks.list({}))
    await answer("webhooks.get", api.webhooks.get({ id: endpoint.id }))
    await answer("webhooks.update", api.webhooks.update({ id: endpoint.id, patch: { description: "the shop" } }))
    await answer("webhooks.rotateSecret", api.webhooks.rotateSecret({ id: endpoint.id }))
    const delivery = await answer("webhooks.test", api.webhooks.test({ id: endpoint.id }))
    await answer("webhooks.deliveries", api.webhooks.deliveries({ endpointId: endpoint.id }))
    await answer("webhooks.redeliver", api.webhooks.redeliver({ deliveryId: delivery.id }))
    await answer("webhooks.delete", api.webhooks.delete({ id: endpoint.id }))

    await answer("access.me", api.access.me())
    await answer("access.roles.list", api.access.roles.list())
    const role = await answer(
      "access.roles.create",
      api.access.roles.create({ name: "support", permissions: ["customers:read"] })
    )
    await answer("access.roles.update", api.access.roles.update({ id: role.id, patch: { name: "customer support" } }))
    const token = await answer("access.tokens.create", api.access.tokens.create({ name: "desk", roleId: role.id }))
    await answer("access.tokens.list", api.access.tokens.list())
    await answer("access.tokens.revoke", api.access.tokens.revoke({ id: token.id }))
    // A role that any token held, even a revoked one, stays: delete one no token ever held.
    const unused = await api.access.roles.create({ name: "unused", permissions: ["orders:read"] })
    await answer("access.roles.delete", api.access.roles.delete({ id: unused.id }))

    await answer("customers.delete", api.customers.delete({ id: customer.id }))
    expect([...documented.keys()].filter((name) => !checked.has(name))).toEqual([])
  })

  it("refuse what a procedure does not answer", () => {
    const customer = documented.get("customers.get")
    expect(customer).toBeDefined()
    const decoded = Schema.decodeUnknownExit(customer as Schema.Codec<unknown, unknown>)({ id: 5 })
    expect(decoded._tag).toBe("Failure")
  })
})
