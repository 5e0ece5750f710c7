/**
 * Loading many customers at once (seeding, benchmarks, large tests): batches of rows sent as one JSON parameter and
 * inserted with `jsonb_to_recordset`, in the same stored form as the repository writes.
 */
import type { Customer, Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import * as CustomerListing from "./CustomerListing.ts"
import { Database } from "./Database.ts"

/** Inserts customers (with their external references) in batches of `batchSize`, each batch in one transaction. */
export const customers = (
  tenant: Tenant.TenantId,
  list: ReadonlyArray<Customer.Customer>,
  options: { readonly batchSize?: number } = {}
) =>
  Effect.gen(function* () {
    const db = yield* Database
    const batchSize = options.batchSize ?? 1000
    for (let start = 0; start < list.length; start += batchSize) {
      const batch = list.slice(start, start + batchSize)
      const rows = JSON.stringify(batch.map(CustomerListing.rowOf))
      const references = JSON.stringify(
        batch.flatMap((customer) =>
          Object.entries(customer.externalReferences).map(([key, value]) => ({ key, value, customer_id: customer.id }))
        )
      )
      yield* db.transaction(
        Effect.gen(function* () {
          yield* db.query(sql`
            insert into customers (tenant_id, id, identifier, type, last_name_key, search_text, meta, version,
                                   created_at, updated_at, document)
            select ${tenant}, r.id, r.identifier, r.type, r.last_name_key, r.search_text, r.meta, r.version,
                   r.created_at, r.updated_at, r.document
            from jsonb_to_recordset(${rows}::jsonb) as r(id text, identifier text, type text, last_name_key text,
              search_text text, meta jsonb, version int, created_at timestamptz, updated_at timestamptz, document jsonb)`)
          yield* db.query(sql`
            insert into customer_external_references (tenant_id, key, value, customer_id)
            select ${tenant}, r.key, r.value, r.customer_id
            from jsonb_to_recordset(${references}::jsonb) as r(key text, value text, customer_id text)`)
        })
      )
    }
  }).pipe(Effect.orDie)
