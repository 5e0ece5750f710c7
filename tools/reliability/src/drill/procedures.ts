/**
 * Every procedure of the API (API.md) with its kind, the permission it needs (as packages/api/test/permissions.test.ts
 * has them) and a valid input built from a tenant's fixtures. `uncovered` compares the list with the router itself, so
 * a procedure added later without a row here fails the drills instead of escaping them.
 */
import { appRouter } from "@patron/api"
import type { Permission } from "@patron/domain"
import { type Fixtures, plan } from "./fixtures.ts"

export interface Procedure {
  readonly path: string
  readonly kind: "query" | "mutation"
  /** undefined: any valid token may call it (`access.me`). */
  readonly permission: Permission.Permission | undefined
  /** A valid input on the fixtures' tenant; undefined for procedures without input. */
  readonly input: (fixtures: Fixtures) => unknown
}

const none = () => undefined
const q = (path: string, permission: Permission.Permission | undefined, input: Procedure["input"]): Procedure => ({
  path,
  kind: "query",
  permission,
  input
})
const m = (path: string, permission: Permission.Permission, input: Procedure["input"]): Procedure => ({
  path,
  kind: "mutation",
  permission,
  input
})

const usageRecord = (f: Fixtures, key: string) => ({
  contractId: f.contractId,
  meteredVariable: "calls",
  quantity: "4.5",
  idempotencyKey: key,
  occurredAt: new Date().toISOString()
})

export const procedures: ReadonlyArray<Procedure> = [
  q("customers.list", "customers:read", () => ({ limit: 50 })),
  q("customers.get", "customers:read", (f) => ({ id: f.customerId })),
  m("customers.create", "customers:create", () => ({
    identifier: `grace-${Math.random().toString(36).slice(2, 10)}`,
    type: "individual",
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@example.com",
    phone: "+1 (555) 010-0200",
    birthDate: "1906-12-09",
    addresses: [{ type: "billing", isDefault: true, street: "Main St", city: "Arlington", country: "US" }],
    meta: { tier: "gold" },
    externalReferences: { erp: `e-${Math.random().toString(36).slice(2, 10)}` }
  })),
  m("customers.update", "customers:update", (f) => ({
    id: f.customerId,
    expectedVersion: 1,
    patch: { firstName: "Ada", email: null, meta: { set: { channel: "web" }, unset: ["x"] } }
  })),
  // Both need customers:create as well; the drill checks each procedure against one of its permissions.
  m("customers.upsert", "customers:update", () => ({
    match: { identifier: `upsert-${Math.random().toString(36).slice(2, 10)}` },
    customer: { firstName: "Grace", lastName: "Hopper", email: "grace@example.com" }
  })),
  m("customers.upsertMany", "customers:update", () => ({
    rows: [
      {
        match: { externalReference: { key: "shop", value: `s-${Math.random().toString(36).slice(2, 10)}` } },
        customer: { firstName: "Grace", lastName: "Hopper" }
      }
    ],
    errorPolicy: "rejectFailedRows"
  })),
  q("customers.deletionPreview", "customers:read", (f) => ({ id: f.customerId })),
  m("customers.delete", "customers:delete", (f) => ({ id: f.customerId, expectedVersion: 1 })),
  m("orders.create", "orders:create", (f) => ({
    customerId: f.customerId,
    currency: "EUR",
    items: [{ sku: "b-1", name: "Book", quantity: "2", unitPrice: "19.99", taxRate: "0.25" }],
    reference: "ref-1",
    meta: { channel: "web" }
  })),
  q("orders.get", "orders:read", (f) => ({ id: f.orderId })),
  q("orders.list", "orders:read", (f) => ({ customerId: f.customerId })),
  m("subscriptionContracts.create", "subscriptionContracts:create", (f) => ({ customerId: f.customerId, ...plan })),
  q("subscriptionContracts.get", "subscriptionContracts:read", (f) => ({ id: f.contractId })),
  q("subscriptionContracts.list", "subscriptionContracts:read", (f) => ({ customerId: f.customerId })),
  m("subscriptionContracts.update", "subscriptionContracts:update", (f) => ({
    id: f.contractId,
    expectedVersion: 1,
    patch: { plan: { name: "API v2" }, item: { quantity: 2 }, meta: { set: { a: "b" } } }
  })),
  m("subscriptionContracts.cancel", "subscriptionContracts:update", (f) => ({ id: f.contractId, atPeriodEnd: true })),
  m("subscriptionContracts.pause", "subscriptionContracts:update", (f) => ({ id: f.contractId })),
  m("subscriptionContracts.resume", "subscriptionContracts:update", (f) => ({ id: f.contractId })),
  m("subscriptionContracts.renew", "subscriptionContracts:update", (f) => ({ id: f.contractId })),
  m("subscriptionContracts.delete", "subscriptionContracts:delete", (f) => ({ id: f.contractId })),
  m("usage.record", "usage:create", (f) => usageRecord(f, "key-1")),
  m("usage.recordBatch", "usage:create", (f) => ({ records: [usageRecord(f, "key-2"), usageRecord(f, "key-3")] })),
  q("usage.summary", "usage:read", (f) => ({ contractId: f.contractId })),
  q("webhooks.eventTypes", "webhooks:read", none),
  m("webhooks.create", "webhooks:create", () => ({
    url: "https://example.com/other",
    events: ["customer.created"],
    description: "d",
    headers: { "X-Team": "billing" }
  })),
  q("webhooks.list", "webhooks:read", () => ({})),
  q("webhooks.get", "webhooks:read", (f) => ({ id: f.endpointId })),
  m("webhooks.update", "webhooks:update", (f) => ({
    id: f.endpointId,
    patch: { url: "https://example.com/new", events: ["*"], description: null, enabled: false, headers: null }
  })),
  m("webhooks.delete", "webhooks:delete", (f) => ({ id: f.endpointId })),
  m("webhooks.rotateSecret", "webhooks:update", (f) => ({ id: f.endpointId })),
  // The fixtures hold no import (POST /import/customers is not a procedure): a well-formed id of none, NOT_FOUND.
  q("imports.get", "customers:read", () => ({ id: `imp_01JBZ${"0".repeat(21)}` })),
  q("webhooks.deliveries", "webhooks:read", (f) => ({ endpointId: f.endpointId })),
  m("webhooks.redeliver", "webhooks:update", (f) => ({ deliveryId: f.deliveryId })),
  m("webhooks.test", "webhooks:update", (f) => ({ id: f.endpointId })),
  q("access.me", undefined, none),
  q("access.roles.list", "access:read", none),
  m("access.roles.create", "access:create", () => ({
    name: "auditor",
    permissions: ["customers:read", "orders:read"]
  })),
  m("access.roles.update", "access:update", (f) => ({
    id: f.roleId,
    patch: { name: "helpdesk", permissions: ["orders:read"] }
  })),
  m("access.roles.delete", "access:delete", (f) => ({ id: f.spareRoleId })),
  q("access.tokens.list", "access:read", none),
  m("access.tokens.create", "access:create", (f) => ({ name: "robot", roleId: f.roleId })),
  m("access.tokens.revoke", "access:delete", (f) => ({ id: f.tokenId }))
]

/** The router's procedures with their kinds. */
const routed = (): Map<string, string> => {
  const table = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def
    .procedures
  return new Map(Object.entries(table).map(([path, procedure]) => [path, procedure._def.type]))
}

/** Procedures the router has that the catalogue lacks (or has with another kind), and rows the router lacks. */
export const uncovered = (): ReadonlyArray<string> => {
  const router = routed()
  const listed = new Map(procedures.map((procedure) => [procedure.path, procedure.kind]))
  return [
    ...[...router].filter(([path, kind]) => listed.get(path) !== kind).map(([path, kind]) => `${path} (${kind})`),
    ...[...listed.keys()].filter((path) => !router.has(path)).map((path) => `${path} (not in the router)`)
  ]
}

/** The JSON body (mutations) or `input` parameter (queries) of a valid call. */
export const body = (procedure: Procedure, fixtures: Fixtures): string | undefined => {
  const input = procedure.input(fixtures)
  return input === undefined ? undefined : JSON.stringify(input)
}
