/**
 * Records for the contract suites, decoded from their JSON form exactly as the API would send them, with fresh ids so
 * tests sharing one database never meet: each test works in a tenant of its own.
 */

import type { Customer, Page, Tenant } from "@patron/domain"
import { Ids, Order, SubscriptionContract, Usage } from "@patron/domain"
import { Samples } from "@patron/domain/testing"
import { Effect, type Layer, Schema } from "effect"

/** A new id of a kind: the current time and random digits, as the live `Ids` makes them. */
export const newId = (kind: Ids.Kind): string =>
  `${Ids.prefixes[kind]}_${Ids.ulid(
    Date.now(),
    Array.from({ length: 16 }, () => Math.floor(Math.random() * 32))
  )}`

export const newTenant = () => newId("tenant") as Tenant.TenantId
export const newCustomerId = () => newId("customer") as Customer.CustomerId

/** An order of a customer placed at `createdAt`. */
export const order = (customerId: string, createdAt: string): Order.Order =>
  Schema.decodeUnknownSync(Order.Order)({
    id: newId("order"),
    customerId,
    customer: {
      identifier: "ada",
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      addresses: []
    },
    reference: "PO-1842",
    currency: "EUR",
    items: [
      { sku: "setup", name: "Setup", quantity: "1.5", unitPrice: "99.90", taxRate: "0.25" },
      { name: "Support", quantity: "2", unitPrice: "0.10" }
    ],
    totals: { net: "150.05", tax: "37.46", gross: "187.51" },
    meta: { channel: "web" },
    createdAt
  })

/** The status dates of a contract, which its state at an instant is derived from. */
export interface StatusDates {
  readonly activateAt?: string
  readonly activeUntil?: string
  readonly pausedAt?: string
}

/** A contract of a customer created at `createdAt`, metering `calls`, with the given status dates. */
export const contract = (
  customerId: string,
  createdAt: string,
  dates: StatusDates = { activateAt: createdAt }
): SubscriptionContract.SubscriptionContract =>
  Schema.decodeUnknownSync(SubscriptionContract.SubscriptionContract)({
    id: newId("subscriptionContract"),
    customerId,
    ...Samples.meteredPlan({
      tiers: [
        { threshold: "0", unitPrice: "0" },
        { threshold: "10", unitPrice: "0.05" }
      ]
    }),
    status: { state: "active", ...dates },
    currentPeriod: { start: "2026-11-01T00:00:00.000Z", end: "2026-12-01T00:00:00.000Z" },
    meta: { team: "platform" },
    createdAt,
    updatedAt: createdAt,
    version: 1
  })

/** A usage record of a contract. */
export const usage = (
  contractId: string,
  fields: {
    readonly idempotencyKey: string
    readonly quantity: string
    readonly occurredAt: string
    readonly meteredVariable?: string
  }
): Usage.UsageRecord =>
  Schema.decodeUnknownSync(Usage.UsageRecord)({
    id: newId("usageRecord"),
    contractId,
    meteredVariable: fields.meteredVariable ?? "calls",
    quantity: fields.quantity,
    idempotencyKey: fields.idempotencyKey,
    occurredAt: fields.occurredAt,
    recordedAt: fields.occurredAt
  })

/** Every page of a listing, following `nextCursor` to the end. */
export const allPages = <A, E, R>(
  page: (cursor: string | undefined) => Effect.Effect<Page.Page<A>, E, R>
): Effect.Effect<ReadonlyArray<ReadonlyArray<A>>, E, R> =>
  Effect.gen(function* () {
    const pages: Array<ReadonlyArray<A>> = []
    let cursor: string | undefined
    do {
      const next = yield* page(cursor)
      pages.push(next.items)
      cursor = next.nextCursor ?? undefined
    } while (cursor !== undefined)
    return pages
  })

/** What a suite runs on: the ports under test (plus what `seed` needs), built once for the suite. */
export interface Fixture<Ports, R> {
  readonly layer: () => Layer.Layer<Ports | R, unknown>
  /** Creates the rows a tenant's records point at (the tenant, its customers); nothing for the in-memory store. */
  readonly seed: (
    tenant: Tenant.TenantId,
    customerIds: ReadonlyArray<Customer.CustomerId>
  ) => Effect.Effect<void, never, R>
}

/** A new tenant with `customers` customers, seeded. */
export const seeded = <R>(fixture: Pick<Fixture<unknown, R>, "seed">, customers = 1) =>
  Effect.gen(function* () {
    const tenant = newTenant()
    const customerIds = Array.from({ length: customers }, newCustomerId)
    yield* fixture.seed(tenant, customerIds)
    return { tenant, customerIds }
  })
