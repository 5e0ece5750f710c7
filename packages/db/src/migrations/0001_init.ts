/**
 * The first migration: every table of Patron. Every table carries `tenant_id` and every query filters by it.
 * Records are kept as their JSON document (exactly what the API returns) beside the columns that are searched,
 * filtered, sorted, or made unique.
 */
export const name = "0001_init"

export const sql = /* sql */ `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customers (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  identifier text NOT NULL,
  type text NOT NULL,
  last_name_key text NOT NULL,
  search_text text NOT NULL,
  meta jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  document jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, identifier)
);
CREATE INDEX customers_created ON customers (tenant_id, created_at, id);
CREATE INDEX customers_updated ON customers (tenant_id, updated_at, id);
CREATE INDEX customers_last_name ON customers (tenant_id, last_name_key COLLATE "C", id);
CREATE INDEX customers_search ON customers USING gin (search_text gin_trgm_ops);
CREATE INDEX customers_meta ON customers USING gin (meta jsonb_path_ops);

CREATE TABLE customer_external_references (
  tenant_id text NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  customer_id text NOT NULL,
  PRIMARY KEY (tenant_id, key, value),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_external_references_customer ON customer_external_references (tenant_id, customer_id);

CREATE TABLE orders (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  customer_id text NOT NULL,
  created_at timestamptz NOT NULL,
  document jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX orders_customer ON orders (tenant_id, customer_id, created_at, id);
CREATE INDEX orders_created ON orders (tenant_id, created_at, id);

CREATE TABLE subscription_contracts (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  customer_id text NOT NULL,
  activate_at timestamptz,
  active_until timestamptz,
  paused_at timestamptz,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  document jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX subscription_contracts_customer ON subscription_contracts (tenant_id, customer_id, created_at, id);
CREATE INDEX subscription_contracts_created ON subscription_contracts (tenant_id, created_at, id);

CREATE TABLE usage_records (
  tenant_id text NOT NULL,
  id text NOT NULL,
  contract_id text NOT NULL,
  metered_variable text NOT NULL,
  quantity numeric NOT NULL,
  idempotency_key text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, contract_id, idempotency_key),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES subscription_contracts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX usage_records_occurred ON usage_records (tenant_id, contract_id, occurred_at);

CREATE TABLE roles (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  name text NOT NULL,
  document jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE api_tokens (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  role_id text NOT NULL,
  secret_hash text NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz,
  document jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id),
  FOREIGN KEY (tenant_id, role_id) REFERENCES roles (tenant_id, id)
);

CREATE TABLE webhook_endpoints (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  enabled boolean NOT NULL,
  secrets jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  document jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE outbox_messages (
  position bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  fanned_out_at timestamptz
);
CREATE INDEX outbox_messages_pending ON outbox_messages (position) WHERE fanned_out_at IS NULL;

CREATE TABLE deliveries (
  tenant_id text NOT NULL,
  id text NOT NULL,
  endpoint_id text NOT NULL,
  message_id text NOT NULL REFERENCES outbox_messages (id),
  event_type text NOT NULL,
  status text NOT NULL,
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_endpoint ON deliveries (tenant_id, endpoint_id, created_at, id);

CREATE TABLE delivery_attempts (
  tenant_id text NOT NULL,
  delivery_id text NOT NULL,
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  status integer,
  duration_ms integer NOT NULL,
  response_snippet text,
  error text,
  PRIMARY KEY (tenant_id, delivery_id, attempt),
  FOREIGN KEY (tenant_id, delivery_id) REFERENCES deliveries (tenant_id, id) ON DELETE CASCADE
);
`
