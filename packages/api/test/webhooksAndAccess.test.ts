import { afterAll, describe, expect, it } from "vitest"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

describe("webhooks procedures", () => {
  it("lists the event catalogue and refuses an unknown event type at creation", async () => {
    const api = current.as(current.admin())
    expect(await api.webhooks.eventTypes()).toContain("customer.deleted")
    const error = await failure(
      api.webhooks.create({ url: "https://example.com/hook", events: ["customer.renamed"] } as never)
    )
    expect(error.code).toBe("BAD_REQUEST")
    expect(error.cause?.issues?.[0]?.path).toEqual(["events", 0])
  })

  it("shows the secret on creation and rotation only, and logs a test delivery", async () => {
    const api = current.as(current.admin())
    const created = await api.webhooks.create({ url: "https://example.com/hook", events: ["*"] })
    expect(created.secret).toMatch(/^whsec_/)
    const read = await api.webhooks.get({ id: created.id })
    expect(read).not.toHaveProperty("secret")
    const rotated = await api.webhooks.rotateSecret({ id: created.id })
    expect(rotated.secret).not.toBe(created.secret)
    const delivery = await api.webhooks.test({ id: created.id })
    expect(delivery).toMatchObject({ endpointId: created.id, eventType: "webhook.test", status: "pending" })
    const log = await api.webhooks.deliveries({ endpointId: created.id })
    expect(log.items.map((d) => d.id)).toEqual([delivery.id])
  })
})

describe("access procedures", () => {
  it("tells the caller who it is", async () => {
    const me = await current.as(current.without("customers:delete")).access.me()
    expect(me.permissions).not.toContain("customers:delete")
    expect(me.permissions).toContain("access:read")
  })

  it("creates a role and a token holding it, shows the secret once, and revokes it", async () => {
    const api = current.as(current.admin())
    const role = await api.access.roles.create({ name: "support", permissions: ["customers:read"] })
    const token = await api.access.tokens.create({ name: "support desk", roleId: role.id })
    expect(token.secret.startsWith(`${token.id}.`)).toBe(true)
    const listed = await api.access.tokens.list()
    expect(listed.find((t) => t.id === token.id)).not.toHaveProperty("secret")
    const revoked = await api.access.tokens.revoke({ id: token.id })
    expect(revoked.revokedAt).toBeTypeOf("string")
    expect((await failure(api.access.roles.delete({ id: role.id }))).code).toBe("CONFLICT")
  })
})
