/**
 * The statements Patron sends for `customers.get` and `customers.create`, as text, for the bare handler and the raw
 * baselines. @patron/db builds them with drizzle's `sql` and does not export them as text, so they are copied here
 * as drizzle renders them: `CustomerRepository.find` by id, `CustomerRepository.insert` (and its external
 * references, when the customer has any) and `Outbox.append` with its NOTIFY. Patron also wraps the insert in a
 * savepoint (so a refused write leaves the caller's transaction usable); the copies leave that out.
 */

/** `CustomerRepository.find(tenant, { id })`: $1 tenant, $2 id. */
export const get = `select "customers"."document" as document from "customers"
  where "customers"."tenant_id" = $1 and "customers"."id" = $2`

/** `CustomerRepository.insert`: the customer's row, in the stored form `CustomerListing.rowOf` gives. */
export const insertCustomer = `insert into "customers" (tenant_id, id, identifier, type, last_name_key, search_text,
    meta, version, created_at, updated_at, document)
  values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::timestamptz, $10::timestamptz, $11::jsonb)`

/** `CustomerRepository.insert`, when the customer has external references: $1 tenant, $2 customer, $3 the pairs. */
export const insertReferences = `insert into "customer_external_references" (tenant_id, key, value, customer_id)
  select $1, pair.key, pair.value, $2 from jsonb_each_text($3::jsonb) as pair`

/** `Outbox.append`, one per message: $1 tenant, $2 message id, $3 event type, $4 payload, $5 when it happened. */
export const insertMessage = `insert into "outbox_messages" (tenant_id, id, type, payload, occurred_at)
  values ($1, $2, $3, $4::jsonb, $5::timestamptz)`

/** `Outbox.append` after its messages: wakes a listening webhook worker when the transaction commits. */
export const notify = "select pg_notify($1, '')"

/** The channel `Outbox.channel` names. */
export const channel = "patron_outbox"
