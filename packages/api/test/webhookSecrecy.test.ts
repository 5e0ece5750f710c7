/**
 * What `webhooks.*` keeps from readers and from floods: custom header values are shown in full only in the answer to
 * the write that sent them and hidden on every read, updates keep the stored values they do not resend, and test
 * events are limited per endpoint.
 */
import { type ApiToken, Permission, type Role } from "@patron/domain"
import { InMemoryWebhooks } from "@patron/domain/testing"
import { Effect, Ref } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { Principal } from "../src/Context.ts"
import { failure, tenantA, world } from "./harness.ts"

let current = world()
afterEach(async () => {
  await current.dispose()
  current = world()
})

const reader: Principal = {
  tenantId: tenantA,
  tokenId: "pat_00000000000000000000000009" as ApiToken.ApiTokenId,
  roleId: "rol_00000000000000000000000009" as Role.RoleId,
  roleName: "webhook reader",
  isAdmin: false,
  permissions: Permission.all.filter((permission) => permission === "webhooks:read")
}
const headers = { authorization: "Bearer downstream", "X-Api-Key": "sk_live_0123456789" }

/** The headers the store holds for an endpoint, as the worker will send them. */
const storedHeaders = (id: string) =>
  current.runtime.runPromise(
    Effect.gen(function* () {
      const state = yield* Ref.get(yield* InMemoryWebhooks.Store)
      return state.endpoints.get(`${tenantA}/${id}`)?.endpoint.headers
    })
  )

describe("webhooks header values", () => {
  it("are shown in full in the answer to webhooks.create, and hidden from get and list", async () => {
    const created = await current
      .as(current.admin())
      .webhooks.create({ url: "https://example.com/hook", events: ["*"], headers })
    expect(created.headers).toEqual(headers)
    const api = current.as(reader)
    const read = await api.webhooks.get({ id: created.id })
    const listed = await api.webhooks.list({})
    const hidden = { authorization: "Bearer ••••", "X-Api-Key": "••••" }
    expect(read.headers).toEqual(hidden)
    expect(listed.items.map((endpoint) => endpoint.headers)).toEqual([hidden])
    const everythingRead = JSON.stringify([read, listed])
    expect(everythingRead).not.toContain("downstream")
    expect(everythingRead).not.toContain("sk_live")
  })

  it("stay as stored through an update that does not send them or sends them back hidden", async () => {
    const api = current.as(current.admin())
    const created = await api.webhooks.create({ url: "https://example.com/hook", events: ["*"], headers })
    const described = await api.webhooks.update({ id: created.id, patch: { description: "CRM" } })
    expect(described.headers).toEqual({ authorization: "Bearer ••••", "X-Api-Key": "••••" })
    expect(await storedHeaders(created.id)).toEqual(headers)

    const read = await api.webhooks.get({ id: created.id })
    const edited = await api.webhooks.update({
      id: created.id,
      patch: { headers: { ...read.headers, "X-Api-Key": "sk_live_rotated" } }
    })
    expect(edited.headers).toEqual({ authorization: "Bearer ••••", "X-Api-Key": "sk_live_rotated" })
    expect(await storedHeaders(created.id)).toEqual({
      authorization: "Bearer downstream",
      "X-Api-Key": "sk_live_rotated"
    })
  })

  it("refuse a hidden value that hides nothing stored under its name, naming the header", async () => {
    const api = current.as(current.admin())
    const created = await api.webhooks.create({ url: "https://example.com/hook", events: ["*"], headers })
    const error = await failure(
      api.webhooks.update({ id: created.id, patch: { headers: { "X-Auth": "Bearer ••••" } } })
    )
    expect(error.code).toBe("BAD_REQUEST")
    expect(error.cause?.issues?.[0]?.path).toEqual(["patch", "headers", "X-Auth"])
    expect(await storedHeaders(created.id)).toEqual(headers)
  })
})

describe("webhooks.test", () => {
  it("answers the 11th test event to an endpoint within a minute with TOO_MANY_REQUESTS and when to retry", async () => {
    const api = current.as(current.admin())
    const created = await api.webhooks.create({ url: "https://example.com/hook", events: ["*"] })
    const other = await api.webhooks.create({ url: "https://example.com/other", events: ["*"] })
    for (let i = 0; i < 10; i++) await api.webhooks.test({ id: created.id })
    const error = await failure(api.webhooks.test({ id: created.id }))
    expect(error.code).toBe("TOO_MANY_REQUESTS")
    expect(error.message).toMatch(/10 test events in the last 60 seconds, the most allowed: try again in \d+ seconds/)
    expect((await api.webhooks.deliveries({ endpointId: created.id, limit: 100 })).items).toHaveLength(10)
    expect((await api.webhooks.test({ id: other.id })).endpointId).toBe(other.id)
  })
})
