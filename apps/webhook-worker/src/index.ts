/**
 * @patron/webhook-worker: delivers the outbox to webhook endpoints, signed as Standard Webhooks says.
 */
export * as Signing from "./Signing.ts"
