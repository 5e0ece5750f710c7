/**
 * How webhook endpoints are vetted, set by the process from its configuration: `allowPrivate` mirrors
 * `PATRON_WEBHOOKS_ALLOW_PRIVATE=1` (PRODUCT.md §6) and lets endpoint URLs name private, loopback or link-local hosts.
 */
import { Context } from "effect"

/** The webhook settings the use cases read; private addresses are refused unless a process allows them. */
export const WebhookPolicy = Context.Reference<{ readonly allowPrivate: boolean }>("@patron/domain/WebhookPolicy", {
  defaultValue: () => ({ allowPrivate: false })
})
