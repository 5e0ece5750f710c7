/**
 * One of each record a tenant can hold, made through the API, so drills can call every procedure with real ids:
 * a customer with an order and a metered contract with usage, a webhook endpoint with a delivery, roles and a token.
 * Every text that is free carries `marker`, so a leak of these records can be found in any answer.
 */
import { Samples } from "@patron/domain/testing"
import type { Client } from "./calls.ts"

export interface Fixtures {
  readonly marker: string
  readonly customerId: string
  readonly orderId: string
  readonly contractId: string
  readonly endpointId: string
  readonly deliveryId: string
  readonly roleId: string
  /** A role no token holds, free to delete. */
  readonly spareRoleId: string
  readonly tokenId: string
}

/** The metered plan of the contracts the drills create. */
export const plan = Samples.meteredPlan({
  tiers: [
    { threshold: "0", unitPrice: "0" },
    { threshold: "10", unitPrice: "5" }
  ]
})

/** Creates the records of a tenant through `api` (an admin of that tenant). */
export const create = async (api: Client, marker: string): Promise<Fixtures> => {
  const customer = await api.customers.create.mutate({
    identifier: `${marker}-customer`,
    firstName: "Ada",
    lastName: marker,
    email: `${marker}@drill.example`,
    meta: { drill: marker },
    externalReferences: { crm: marker }
  })
  const order = await api.orders.create.mutate({
    customerId: customer.id,
    currency: "EUR",
    items: [{ name: "Book", quantity: "2", unitPrice: "19.99", taxRate: "0.25" }],
    reference: marker
  })
  const contract = await api.subscriptionContracts.create.mutate({
    customerId: customer.id,
    ...plan,
    meta: { drill: marker }
  } as never)
  await api.usage.record.mutate({
    contractId: contract.id,
    meteredVariable: "calls",
    quantity: "3",
    idempotencyKey: marker
  })
  const endpoint = await api.webhooks.create.mutate({
    url: "https://example.com/hook",
    events: ["*"],
    description: marker
  })
  const delivery = await api.webhooks.test.mutate({ id: endpoint.id })
  const role = await api.access.roles.create.mutate({ name: `${marker}-support`, permissions: ["customers:read"] })
  const spare = await api.access.roles.create.mutate({ name: `${marker}-spare`, permissions: ["orders:read"] })
  const token = await api.access.tokens.create.mutate({ name: marker, roleId: role.id })
  return {
    marker,
    customerId: customer.id,
    orderId: order.id,
    contractId: contract.id,
    endpointId: endpoint.id,
    deliveryId: delivery.id,
    roleId: role.id,
    spareRoleId: spare.id,
    tokenId: token.id
  }
}

/** The ids of the fixtures, each of which must never appear in another tenant's answer. */
export const ids = (fixtures: Fixtures): ReadonlyArray<string> => [
  fixtures.customerId,
  fixtures.orderId,
  fixtures.contractId,
  fixtures.endpointId,
  fixtures.deliveryId,
  fixtures.roleId,
  fixtures.spareRoleId,
  fixtures.tokenId
]
