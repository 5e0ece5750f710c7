/**
 * The customer CSV export (`GET /export/customers.csv`, docs/csv.md): the header first, naming a column for every
 * metadata and external reference key the matching customers hold, then the rows batch by batch in the listing's
 * order, each batch a keyset page, so the file is written as it is read and never held whole.
 */
import { Effect } from "effect"
import type * as Customer from "../Customer.ts"
import * as CustomerCsv from "../CustomerCsv.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { CurrentTenant } from "../Tenant.ts"

/** How many customers one batch reads. */
export const batchSize = 500

/** The header of the export of the current tenant's customers matching `query`. */
export const header = Effect.fn("CustomerExport.header")(function* (query: CustomerCsv.ExportQuery) {
  const tenant = yield* CurrentTenant
  const keys = yield* (yield* CustomerRepository).keysOf(tenant.id, query)
  return CustomerCsv.headerOf(keys.meta, keys.references)
})

/** One batch: the rows (`write`, a `CustomerCsv.rowWriter`) of the customers after `cursor` (null: from the start). */
export const batch = Effect.fn("CustomerExport.batch")(function* (
  query: CustomerCsv.ExportQuery,
  write: (customer: Customer.CustomerJson) => ReadonlyArray<string>,
  cursor: string | null
) {
  const tenant = yield* CurrentTenant
  const page = yield* (yield* CustomerRepository)
    .readPage(tenant.id, { ...query, limit: batchSize, ...(cursor === null ? {} : { cursor }) })
    // The cursor is the previous batch's own: one the store cannot read is a defect, not the client's doing.
    .pipe(Effect.orDie)
  return { rows: page.items.map(write), nextCursor: page.nextCursor }
})
