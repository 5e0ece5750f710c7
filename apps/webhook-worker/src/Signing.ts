/**
 * Signing a delivery as the Standard Webhooks spec says: the headers `webhook-id` (the message id, the same on every
 * retry), `webhook-timestamp` (unix seconds) and `webhook-signature`, one `v1,<base64 HMAC-SHA256>` of
 * `{id}.{timestamp}.{body}` per live secret (two while a rotated-out secret is still valid).
 */
import { createHmac } from "node:crypto"
import { Webhook, WebhookSecret } from "@patron/domain"

/** The headers that sign one attempt of a delivery. */
export const headers = (options: {
  readonly messageId: string
  readonly timestampSeconds: number
  readonly body: string
  readonly secrets: ReadonlyArray<WebhookSecret.Secret>
}): Readonly<Record<string, string>> => {
  const content = Webhook.signedContent(options.messageId, options.timestampSeconds, options.body)
  const signatures = options.secrets.map((secret) =>
    createHmac("sha256", WebhookSecret.secretKey(secret)).update(content).digest("base64")
  )
  return {
    [Webhook.headerNames.id]: options.messageId,
    [Webhook.headerNames.timestamp]: String(options.timestampSeconds),
    [Webhook.headerNames.signature]: Webhook.signatureHeader(signatures),
    "content-type": "application/json"
  }
}
