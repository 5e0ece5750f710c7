import type { Permission } from "@patron/domain"
import { afterAll, describe, expect, it } from "vitest"
import type { Principal } from "../src/Context.ts"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

type Call = (api: ReturnType<typeof current.as>) => Promise<unknown>

/** Each procedure with the permission it needs; inputs need not be valid, the permission is checked first. */
const table: ReadonlyArray<readonly [string, Permission.Permission, Call]> = [
  ["customers.list", "customers:read", (api) => api.customers.list({})],
  ["customers.get", "customers:read", (api) => api.customers.get({} as never)],
  ["customers.create", "customers:create", (api) => api.customers.create({} as never)],
  ["customers.update", "customers:update", (api) => api.customers.update({} as never)],
  ["customers.upsert", "customers:create", (api) => api.customers.upsert({} as never)],
  ["customers.upsert", "customers:update", (api) => api.customers.upsert({} as never)],
  ["customers.upsertMany", "customers:create", (api) => api.customers.upsertMany({} as never)],
  ["customers.upsertMany", "customers:update", (api) => api.customers.upsertMany({} as never)],
  ["customers.deletionPreview", "customers:read", (api) => api.customers.deletionPreview({} as never)],
  ["customers.delete", "customers:delete", (api) => api.customers.delete({} as never)],
  ["orders.create", "orders:create", (api) => api.orders.create({} as never)],
  ["orders.get", "orders:read", (api) => api.orders.get({} as never)],
  ["orders.list", "orders:read", (api) => api.orders.list({})],
  [
    "subscriptionContracts.create",
    "subscriptionContracts:create",
    (api) => api.subscriptionContracts.create({} as never)
  ],
  ["subscriptionContracts.get", "subscriptionContracts:read", (api) => api.subscriptionContracts.get({} as never)],
  ["subscriptionContracts.list", "subscriptionContracts:read", (api) => api.subscriptionContracts.list({})],
  [
    "subscriptionContracts.update",
    "subscriptionContracts:update",
    (api) => api.subscriptionContracts.update({} as never)
  ],
  [
    "subscriptionContracts.cancel",
    "subscriptionContracts:update",
    (api) => api.subscriptionContracts.cancel({} as never)
  ],
  [
    "subscriptionContracts.pause",
    "subscriptionContracts:update",
    (api) => api.subscriptionContracts.pause({} as never)
  ],
  [
    "subscriptionContracts.resume",
    "subscriptionContracts:update",
    (api) => api.subscriptionContracts.resume({} as never)
  ],
  [
    "subscriptionContracts.renew",
    "subscriptionContracts:update",
    (api) => api.subscriptionContracts.renew({} as never)
  ],
  [
    "subscriptionContracts.delete",
    "subscriptionContracts:delete",
    (api) => api.subscriptionContracts.delete({} as never)
  ],
  ["usage.record", "usage:create", (api) => api.usage.record({} as never)],
  ["usage.recordBatch", "usage:create", (api) => api.usage.recordBatch({} as never)],
  ["usage.summary", "usage:read", (api) => api.usage.summary({} as never)],
  ["webhooks.eventTypes", "webhooks:read", (api) => api.webhooks.eventTypes()],
  ["webhooks.create", "webhooks:create", (api) => api.webhooks.create({} as never)],
  ["webhooks.list", "webhooks:read", (api) => api.webhooks.list({})],
  ["webhooks.get", "webhooks:read", (api) => api.webhooks.get({} as never)],
  ["webhooks.update", "webhooks:update", (api) => api.webhooks.update({} as never)],
  ["webhooks.delete", "webhooks:delete", (api) => api.webhooks.delete({} as never)],
  ["webhooks.rotateSecret", "webhooks:update", (api) => api.webhooks.rotateSecret({} as never)],
  ["webhooks.deliveries", "webhooks:read", (api) => api.webhooks.deliveries({} as never)],
  ["webhooks.redeliver", "webhooks:update", (api) => api.webhooks.redeliver({} as never)],
  ["webhooks.test", "webhooks:update", (api) => api.webhooks.test({} as never)],
  ["access.roles.list", "access:read", (api) => api.access.roles.list()],
  ["access.roles.create", "access:create", (api) => api.access.roles.create({} as never)],
  ["access.roles.update", "access:update", (api) => api.access.roles.update({} as never)],
  ["access.roles.delete", "access:delete", (api) => api.access.roles.delete({} as never)],
  ["access.tokens.list", "access:read", (api) => api.access.tokens.list()],
  ["access.tokens.create", "access:create", (api) => api.access.tokens.create({} as never)],
  ["access.tokens.revoke", "access:delete", (api) => api.access.tokens.revoke({} as never)]
]

describe("permissions", () => {
  it.each(table)("%s without %s is FORBIDDEN, naming the permission", async (_, permission, call) => {
    const principal: Principal = current.without(permission)
    const error = await failure(call(current.as(principal)))
    expect(error.code).toBe("FORBIDDEN")
    expect(error.message).toBe(`missing permission ${permission}`)
  })

  it.each(table)("%s with %s gets past the permission check", async (_, permission, call) => {
    const outcome = await call(current.as(current.admin())).then(
      () => "succeeded",
      (error: { code: string }) => error.code
    )
    expect(outcome, permission).not.toBe("FORBIDDEN")
  })
})
