import { Access, type Permission } from "@patron/domain"
import { afterAll, describe, expect, it } from "vitest"
import { failure, tenantA, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

const admin = current.as(current.admin())
const { adminRole } = await current.runtime.runPromise(Access.bootstrapTenant({ tenantId: tenantA }))

/** A role the admin creates, and a caller holding it. */
const holderOf = async (name: string, permissions: Array<Permission.Permission>) => {
  const role = await admin.access.roles.create({ name, permissions })
  return { role, api: current.as(current.holding(role)) }
}

/** The code and message a refused call answered. */
const refusal = async (call: Promise<unknown>) => {
  const { code, message } = await failure(call)
  return { code, message }
}

const forbidden = (message: string) => ({ code: "FORBIDDEN", message })

describe("access procedures: a caller grants only what it holds", () => {
  it("refuses an access:create-only caller a role with permissions it lacks, and creates nothing", async () => {
    const creator = await holderOf("creator", ["access:create"])
    const before = await admin.access.roles.list()
    expect(
      await refusal(
        creator.api.access.roles.create({
          name: "sneaky",
          permissions: ["access:create", "webhooks:update", "usage:delete"]
        })
      )
    ).toEqual(forbidden("cannot grant permissions you do not hold: usage:delete, webhooks:update"))
    expect(await admin.access.roles.list()).toEqual(before)
  })

  it("refuses an access:create-only caller a token for the admin role or for a role above it", async () => {
    const creator = await holderOf("token maker", ["access:create"])
    const above = await holderOf("above", ["access:create", "customers:delete"])
    const before = await admin.access.tokens.list()
    expect(await refusal(creator.api.access.tokens.create({ name: "root", roleId: adminRole.id }))).toEqual(
      forbidden("only the admin role can create tokens for the admin role")
    )
    expect(await refusal(creator.api.access.tokens.create({ name: "up", roleId: above.role.id }))).toEqual(
      forbidden("cannot grant permissions you do not hold: customers:delete")
    )
    expect(await admin.access.tokens.list()).toEqual(before)
  })

  it("refuses an access:update-only caller adding permissions to its own role or another's", async () => {
    const updater = await holderOf("updater", ["access:update"])
    const empty = await holderOf("empty", [])
    const grow = { permissions: ["access:update", "access:create"] as Array<Permission.Permission> }
    expect(await refusal(updater.api.access.roles.update({ id: updater.role.id, patch: grow }))).toEqual(
      forbidden("cannot grant permissions you do not hold: access:create")
    )
    expect(
      await refusal(updater.api.access.roles.update({ id: empty.role.id, patch: { permissions: ["orders:read"] } }))
    ).toEqual(forbidden("cannot grant permissions you do not hold: orders:read"))
    const roles = await admin.access.roles.list()
    expect(roles.find((role) => role.id === updater.role.id)?.permissions).toEqual(["access:update"])
    expect(roles.find((role) => role.id === empty.role.id)?.permissions).toEqual([])
  })

  it("refuses changing, deleting or revoking tokens of a role above the caller, naming what it lacks", async () => {
    const manager = await holderOf("manager", ["access:update", "access:delete"])
    const strong = await holderOf("strong", ["usage:delete"])
    const token = await admin.access.tokens.create({ name: "strong", roleId: strong.role.id })
    const reach = `role ${strong.role.id}: it holds permissions you do not hold: usage:delete`
    expect(await refusal(manager.api.access.roles.update({ id: strong.role.id, patch: { permissions: [] } }))).toEqual(
      forbidden(`cannot change ${reach}`)
    )
    expect(await refusal(manager.api.access.roles.delete({ id: strong.role.id }))).toEqual(
      forbidden(`cannot delete ${reach}`)
    )
    expect(await refusal(manager.api.access.tokens.revoke({ id: token.id }))).toEqual(
      forbidden(`cannot revoke a token of ${reach}`)
    )
    expect((await admin.access.tokens.list()).find((t) => t.id === token.id)).not.toHaveProperty("revokedAt")
  })

  it("lets a caller grant and narrow within its own permissions", async () => {
    const keeper = await holderOf("keeper", ["access:create", "access:update", "customers:read"])
    const reader = await keeper.api.access.roles.create({ name: "reader", permissions: ["customers:read"] })
    const token = await keeper.api.access.tokens.create({ name: "reader", roleId: reader.id })
    expect(token.roleId).toBe(reader.id)
    const narrowed = await keeper.api.access.roles.update({
      id: keeper.role.id,
      patch: { permissions: ["access:create", "access:update"] }
    })
    expect(narrowed.permissions).toEqual(["access:create", "access:update"])
  })
})
