import { randomBytes } from "node:crypto"
import { WebhookSecret } from "@patron/domain"
import { Webhook as StandardWebhook } from "standardwebhooks"
import { describe, expect, it } from "vitest"
import * as Signing from "../src/Signing.ts"
import { verifiesIndependently } from "./Receiver.ts"

const secret = WebhookSecret.secretFromBytes(new Uint8Array(randomBytes(32)))
const rotatedOut = WebhookSecret.secretFromBytes(new Uint8Array(randomBytes(32)))
const body = JSON.stringify({ type: "customer.created", timestamp: "2026-11-24T12:00:00.000Z", data: { id: "cus_1" } })
const now = Math.floor(Date.now() / 1000)
const signed = (secrets: ReadonlyArray<WebhookSecret.Secret>, timestampSeconds = now) =>
  Signing.headers({ messageId: "msg_01JBZ0000000000000000000AA", timestampSeconds, body, secrets })

describe("Signing.headers", () => {
  it("signs so that the standardwebhooks package verifies the delivery unchanged", () => {
    const headers = signed([secret])
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
    expect(verifiesIndependently(headers, body, secret)).toBe(true)
    expect(headers["content-type"]).toBe("application/json")
  })

  it("sends two signatures while a rotated-out secret is live, each verifying with its own secret", () => {
    const headers = signed([secret, rotatedOut])
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2)
    expect(() => new StandardWebhook(secret).verify(body, headers)).not.toThrow()
    expect(() => new StandardWebhook(rotatedOut).verify(body, headers)).not.toThrow()
  })

  it("fails verification for a tampered body, another secret, or an old timestamp", () => {
    const headers = signed([secret])
    const tampered = body.replace("cus_1", "cus_2")
    expect(() => new StandardWebhook(secret).verify(tampered, headers)).toThrow()
    expect(verifiesIndependently(headers, tampered, secret)).toBe(false)
    expect(() => new StandardWebhook(rotatedOut).verify(body, headers)).toThrow()
    expect(() => new StandardWebhook(secret).verify(body, signed([secret], now - 3600))).toThrow()
  })
})
