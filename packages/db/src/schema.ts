/**
 * The tables of the first migration as drizzle definitions, so statements name columns through typed references.
 * The migration's SQL is the source of truth; keep these in step with it.
 */
import { bigserial, boolean, integer, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core"

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" })

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: instant("created_at").notNull()
})

export const customers = pgTable("customers", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  identifier: text("identifier").notNull(),
  type: text("type").notNull(),
  lastNameKey: text("last_name_key").notNull(),
  searchText: text("search_text").notNull(),
  meta: jsonb("meta").notNull(),
  version: integer("version").notNull(),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
  document: jsonb("document").notNull()
})

export const customerExternalReferences = pgTable("customer_external_references", {
  tenantId: text("tenant_id").notNull(),
  key: text("key").notNull(),
  value: text("value").notNull(),
  customerId: text("customer_id").notNull()
})

export const orders = pgTable("orders", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  customerId: text("customer_id").notNull(),
  createdAt: instant("created_at").notNull(),
  document: jsonb("document").notNull()
})

export const subscriptionContracts = pgTable("subscription_contracts", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  customerId: text("customer_id").notNull(),
  activateAt: instant("activate_at"),
  activeUntil: instant("active_until"),
  pausedAt: instant("paused_at"),
  version: integer("version").notNull(),
  createdAt: instant("created_at").notNull(),
  document: jsonb("document").notNull()
})

export const usageRecords = pgTable("usage_records", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  contractId: text("contract_id").notNull(),
  meteredVariable: text("metered_variable").notNull(),
  quantity: numeric("quantity").notNull(),
  idempotencyKey: text("idempotency_key").notNull(),
  occurredAt: instant("occurred_at").notNull(),
  recordedAt: instant("recorded_at").notNull()
})

export const roles = pgTable("roles", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  name: text("name").notNull(),
  document: jsonb("document").notNull()
})

export const apiTokens = pgTable("api_tokens", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  roleId: text("role_id").notNull(),
  secretHash: text("secret_hash").notNull(),
  revokedAt: instant("revoked_at"),
  lastUsedAt: instant("last_used_at"),
  document: jsonb("document").notNull()
})

export const webhookEndpoints = pgTable("webhook_endpoints", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  enabled: boolean("enabled").notNull(),
  secrets: jsonb("secrets").notNull(),
  createdAt: instant("created_at").notNull(),
  document: jsonb("document").notNull()
})

export const outboxMessages = pgTable("outbox_messages", {
  position: bigserial("position", { mode: "number" }).primaryKey(),
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  type: text("type").notNull(),
  payload: jsonb("payload").notNull(),
  occurredAt: instant("occurred_at").notNull(),
  fannedOutAt: instant("fanned_out_at")
})

export const deliveries = pgTable("deliveries", {
  tenantId: text("tenant_id").notNull(),
  id: text("id").notNull(),
  endpointId: text("endpoint_id").notNull(),
  messageId: text("message_id").notNull(),
  eventType: text("event_type").notNull(),
  status: text("status").notNull(),
  attemptCount: integer("attempt_count").notNull(),
  roundStart: integer("round_start").notNull(),
  nextAttemptAt: instant("next_attempt_at"),
  leaseOwner: text("lease_owner"),
  leaseUntil: instant("lease_until"),
  createdAt: instant("created_at").notNull()
})

export const deliveryAttempts = pgTable("delivery_attempts", {
  tenantId: text("tenant_id").notNull(),
  deliveryId: text("delivery_id").notNull(),
  attempt: integer("attempt").notNull(),
  at: instant("at").notNull(),
  status: integer("status"),
  durationMs: integer("duration_ms").notNull(),
  responseSnippet: text("response_snippet"),
  error: text("error")
})
