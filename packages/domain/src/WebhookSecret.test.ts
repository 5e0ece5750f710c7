import { assert, describe, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import * as WebhookSecret from "./WebhookSecret.ts"

const Bytes32 = Schema.Array(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 255 }))).check(
  Schema.isBetweenLength(32, 32)
)
const bytes = (fill: number) => new Uint8Array(32).fill(fill)
const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const first = WebhookSecret.secretFromBytes(bytes(1))
const second = WebhookSecret.secretFromBytes(bytes(2))
const third = WebhookSecret.secretFromBytes(bytes(3))

describe("WebhookSecret.secretFromBytes", () => {
  it("writes whsec_ and the base64 of the bytes", () => {
    assert.strictEqual(WebhookSecret.secretFromBytes(bytes(0)), `whsec_${"A".repeat(43)}=`)
  })

  it.prop("makes secrets the Secret schema accepts and whose key is the bytes", [Bytes32], ([numbers]) => {
    const random = Uint8Array.from(numbers)
    const secret = WebhookSecret.secretFromBytes(random)
    assert.isTrue(Schema.is(WebhookSecret.Secret)(secret))
    assert.deepStrictEqual(WebhookSecret.secretKey(secret), random)
  })

  it("refuses any length but 32 bytes", () => {
    assert.throws(() => WebhookSecret.secretFromBytes(new Uint8Array(16)), /32 bytes/)
  })
})

describe("WebhookSecret.Secret", () => {
  it("refuses secrets without the prefix, of another length or not in base64", () => {
    for (const text of [`${"A".repeat(43)}=`, "whsec_AAAA", `whsec_${"A".repeat(42)}B=`, `whsec_${"-".repeat(43)}=`]) {
      assert.isFalse(Schema.is(WebhookSecret.Secret)(text), text)
    }
  })
})

describe("WebhookSecret.rotate", () => {
  const rotated = WebhookSecret.rotate({ current: first }, second, now)

  it("signs with both secrets for 24 hours, the new one first", () => {
    assert.deepStrictEqual(WebhookSecret.liveSecrets(rotated, now), [second, first])
    assert.deepStrictEqual(WebhookSecret.liveSecrets(rotated, DateTime.add(now, { hours: 23, minutes: 59 })), [
      second,
      first
    ])
  })

  it("drops the old secret once 24 hours have passed", () => {
    assert.deepStrictEqual(WebhookSecret.liveSecrets(rotated, DateTime.add(now, { hours: 24 })), [second])
  })

  it("keeps only the secret it replaces when rotated again within the day", () => {
    const again = WebhookSecret.rotate(rotated, third, DateTime.add(now, { hours: 1 }))
    assert.deepStrictEqual(WebhookSecret.liveSecrets(again, DateTime.add(now, { hours: 2 })), [third, second])
  })

  it("round-trips through its stored JSON form", () => {
    const json = Schema.encodeSync(WebhookSecret.LiveSecrets)(rotated)
    assert.deepStrictEqual(json.previous?.expiresAt, "2026-11-25T12:00:00.000Z")
    assert.deepStrictEqual(Schema.decodeUnknownSync(WebhookSecret.LiveSecrets)(json), rotated)
  })
})
