import { assert, describe, it } from "@effect/vitest"
import { DateTime, Option, Schema } from "effect"
import * as ApiToken from "./ApiToken.ts"
import type * as Role from "./Role.ts"

const id = "pat_01JBZ0000000000000000000A1" as ApiToken.ApiTokenId
const roleId = "rol_01JBZ0000000000000000000A1" as Role.RoleId
const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 8)

describe("ApiToken.secretFor", () => {
  it("starts with the token id and carries the random bytes as unpadded base64url", () => {
    const secret = ApiToken.secretFor(id, bytes)
    assert.match(secret, /^pat_01JBZ0000000000000000000A1\.[A-Za-z0-9_-]{43}$/)
  })

  it.prop("gives back the id it was made from", [Schema.Uint8Array], ([random]) => {
    const secret = ApiToken.secretFor(id, random.length === 0 ? bytes : random)
    return Option.getOrUndefined(ApiToken.idOfSecret(secret)) === id
  })
})

describe("ApiToken.idOfSecret", () => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ["no dot", id],
    ["nothing after the dot", `${id}.`],
    ["another kind of id", `rol_01JBZ0000000000000000000A1.${"a".repeat(43)}`],
    ["a malformed id", `pat_123.${"a".repeat(43)}`],
    ["characters outside base64url", `${id}.abc+/=`],
    ["a bearer prefix left on", `Bearer ${id}.abc`],
    ["the empty string", ""]
  ]
  for (const [name, secret] of table) {
    it(`finds no id in a secret with ${name}`, () => {
      assert.isTrue(Option.isNone(ApiToken.idOfSecret(secret)))
    })
  }
})

describe("ApiToken.ApiToken", () => {
  it("encodes to JSON without any secret, keeping lastUsedAt and revokedAt when set", () => {
    const token = { ...ApiToken.make({ name: "CI", roleId }, { id, now }), lastUsedAt: now }
    const json = Schema.encodeSync(ApiToken.ApiToken)(ApiToken.revoke(token, now))
    assert.deepStrictEqual(json, {
      id,
      name: "CI",
      roleId,
      createdAt: "2026-11-24T12:00:00.000Z",
      lastUsedAt: "2026-11-24T12:00:00.000Z",
      revokedAt: "2026-11-24T12:00:00.000Z"
    })
  })
})

describe("ApiToken.revoke", () => {
  it("stops the token authenticating and keeps the first revocation time", () => {
    const token = ApiToken.make({ name: "CI", roleId }, { id, now })
    assert.isTrue(ApiToken.isActive(token))
    const revoked = ApiToken.revoke(token, now)
    assert.isFalse(ApiToken.isActive(revoked))
    assert.deepStrictEqual(ApiToken.revoke(revoked, DateTime.add(now, { days: 1 })).revokedAt, now)
  })
})

describe("ApiToken.Unauthenticated", () => {
  it("says why without echoing the token", () => {
    assert.strictEqual(new ApiToken.Unauthenticated({ reason: "missing" }).message, "no API token given")
    assert.strictEqual(new ApiToken.Unauthenticated({ reason: "revoked" }).message, "the API token has been revoked")
  })
})
