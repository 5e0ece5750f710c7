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
  ["usage.summary", "usage:read", (api) => api.usage.summary({} as never)]
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
