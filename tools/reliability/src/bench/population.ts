/**
 * A tenant's worth of generated customers, loaded in batches before the server serves them: deterministic, varied
 * names, one created per second from 2026-01-01, each with an email, a phone, meta and an external reference (the
 * customers `@patron/db/sample-customers` makes), generated batch by batch so a million never sit in memory at once,
 * and sent as one JSON parameter per batch, inserted with `jsonb_to_recordset` in the stored form the repository
 * writes (as `BulkLoad` does, but through the raw driver, two batches in flight).
 */
import { CustomerListing } from "@patron/db"
import * as SampleCustomers from "@patron/db/sample-customers"
import type * as Raw from "./raw.ts"

/** When the first generated customer was created; the i-th came i seconds later. */
export const firstCreatedAt = Date.parse(SampleCustomers.defaultStart)

/** The stored form of a customer, exactly as the repository writes it. */
export const storedRow = CustomerListing.rowOf

/** What the queries need to know of a loaded population. */
export interface Loaded {
  readonly count: number
  readonly seconds: number
  /** Ids spread evenly over the population, for lookups. */
  readonly sampleIds: ReadonlyArray<string>
  /** The customer a deep page starts after (newest first): 90 % of the way down the list. */
  readonly deepAfter: { readonly id: string; readonly createdAtMillis: number }
}

const insertCustomers = `
  insert into customers (tenant_id, id, identifier, type, last_name_key, search_text, meta, version,
                         created_at, updated_at, document)
  select $1, r.id, r.identifier, r.type, r.last_name_key, r.search_text, r.meta, r.version,
         r.created_at, r.updated_at, r.document
  from jsonb_to_recordset($2::jsonb) as r(id text, identifier text, type text, last_name_key text,
    search_text text, meta jsonb, version int, created_at timestamptz, updated_at timestamptz, document jsonb)`

const insertReferences = `
  insert into customer_external_references (tenant_id, key, value, customer_id)
  select $1, r.key, r.value, r.customer_id
  from jsonb_to_recordset($2::jsonb) as r(key text, value text, customer_id text)`

/** Loads `count` customers into a tenant, `batchSize` to a transaction, then analyzes the tables. */
export const load = async (
  raw: Raw.Raw,
  tenant: string,
  count: number,
  options: { readonly batchSize?: number; readonly progress?: (done: number) => void } = {}
): Promise<Loaded> => {
  const started = performance.now()
  const batchSize = options.batchSize ?? 2000
  const nextBatch = SampleCustomers.sampler()
  const sampleEvery = Math.max(1, Math.floor(count / 1000))
  const deepIndex = count - 1 - Math.floor(count * 0.9)
  const sampleIds: Array<string> = []
  let deepAfter = { id: "", createdAtMillis: 0 }
  let claimed = 0
  let done = 0
  // Two loaders: one builds its batch (synchronously, so batches are generated in order) while the other's is sent.
  const loader = async () => {
    while (claimed < count) {
      const from = claimed
      claimed = Math.min(count, from + batchSize)
      const batch = nextBatch(from, claimed)
      for (const [offset, customer] of batch.entries()) {
        const index = from + offset
        if (index % sampleEvery === 0) sampleIds.push(customer.id)
        if (index === deepIndex) deepAfter = { id: customer.id, createdAtMillis: firstCreatedAt + index * 1000 }
      }
      const rows = JSON.stringify(batch.map(storedRow))
      const references = JSON.stringify(
        batch.flatMap((c) =>
          Object.entries(c.externalReferences).map(([key, value]) => ({ key, value, customer_id: c.id }))
        )
      )
      await raw.transaction(async (tx) => {
        await tx.query(insertCustomers, [tenant, rows])
        await tx.query(insertReferences, [tenant, references])
      })
      done += batch.length
      options.progress?.(done)
    }
  }
  await Promise.all([loader(), loader()])
  await raw.query("analyze customers")
  await raw.query("analyze customer_external_references")
  return { count, seconds: (performance.now() - started) / 1000, sampleIds, deepAfter }
}
