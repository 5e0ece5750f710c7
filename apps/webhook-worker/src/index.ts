/**
 * @patron/webhook-worker: delivers the outbox to webhook endpoints, signed as Standard Webhooks says, retried on a
 * schedule, at least once, shared by any number of workers over one PostgreSQL.
 */
export * as Config from "./Config.ts"
export * as Delivery from "./Delivery.ts"
export * as Destination from "./Destination.ts"
export * as Logging from "./Logging.ts"
/** The worker wired to the database's delivery queue; `DeliveryLoop` is the same loop over any DeliveryQueue. */
export * as Worker from "./OnDatabase.ts"
export * as Recorder from "./Recorder.ts"
export * as Sender from "./Sender.ts"
export * as Signing from "./Signing.ts"
export * as DeliveryLoop from "./Worker.ts"
