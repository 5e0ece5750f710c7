/**
 * The customer listing in SQL (PRODUCT.md §2), held to `CustomerQuery.matches` and `CustomerQuery.sortKey`: search is
 * a lower-cased substring match that the trigram GIN index serves, filters are plain conditions, and pages are keyset
 * pages on (sort key, id) whose cursor is the base64url JSON `[sortKey, id]` of the last item, as the in-memory
 * adapter makes it. Times are compared as timestamptz, which orders them as their epoch milliseconds do.
 */
import { Customer, CustomerQuery, Page, type Tenant } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import { DateTime, Effect, Option, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import { customers, customerExternalReferences as references } from "./schema.ts"

// Joins the searchable fields; a search holding this control character could match across two of them.
const fieldSeparator = "\u001f"

/** The lower-cased text a customer is searched by, stored in `search_text`. */
export const searchText = (customer: Customer.Customer): string =>
  CustomerQuery.searchableText(customer)
    .map((text) => text.toLowerCase())
    .join(fieldSeparator)

/** The key the last-name sort uses, stored in `last_name_key`. */
export const lastNameKey = (customer: Customer.Customer): string =>
  CustomerQuery.sortKey(customer, "lastName") as string

/** A LIKE pattern finding `text` literally anywhere: `%`, `_` and the escape character `\` lose their meaning. */
export const containing = (text: string): string => `%${text.replace(/[\\%_]/g, "\\$&")}%`

// Byte order, as the domain compares strings; the database's default collation may order words differently.
const sortColumns = {
  createdAt: sql`${customers.createdAt}`,
  updatedAt: sql`${customers.updatedAt}`,
  lastName: sql`${customers.lastNameKey} collate "C"`
} as const

const decodeCursor = (field: CustomerQuery.Sort["field"]) =>
  Schema.decodeUnknownOption(
    Schema.StringFromBase64Url.pipe(
      Schema.decodeTo(
        Schema.fromJsonString(
          Schema.Tuple([field === "lastName" ? Schema.String : Schema.Int, Customer.CustomerId] as const)
        )
      )
    )
  )

/** The SQL value of a cursor's sort key; none when it cannot be one (an instant out of range, say). */
const cursorValue = (key: string | number): Option.Option<SQL> =>
  typeof key === "string"
    ? Option.some(sql`${key}`)
    : Option.map(DateTime.make(key), (instant) => sql`${DateTime.formatIso(instant)}::timestamptz`)

const conditions = (tenant: Tenant.TenantId, query: CustomerQuery.ListQuery): Array<SQL> => {
  const where = [sql`${customers.tenantId} = ${tenant}`]
  const search = query.search?.toLowerCase()
  if (search !== undefined && search !== "") where.push(sql`${customers.searchText} like ${containing(search)}`)
  if (query.type !== undefined) where.push(sql`${customers.type} = ${query.type}`)
  if (query.meta !== undefined) {
    where.push(sql`${customers.meta} @> jsonb_build_object(${query.meta.key}::text, ${query.meta.value}::text)`)
  }
  if (query.externalReference !== undefined) {
    const { key, value } = query.externalReference
    where.push(
      sql`${customers.id} in (select ${references.customerId} from ${references}
        where ${references.tenantId} = ${tenant} and ${references.key} = ${key} and ${references.value} = ${value})`
    )
  }
  if (query.createdAfter !== undefined) {
    where.push(sql`${customers.createdAt} >= ${DateTime.formatIso(query.createdAfter)}::timestamptz`)
  }
  if (query.createdBefore !== undefined) {
    where.push(sql`${customers.createdAt} < ${DateTime.formatIso(query.createdBefore)}::timestamptz`)
  }
  return where
}

/** The statement of one page: `limit + 1` rows, so the extra one tells whether another page follows. */
export const statement = (
  tenant: Tenant.TenantId,
  query: CustomerQuery.ListQuery,
  limit: number
): Effect.Effect<SQL, Page.CursorInvalid> =>
  Effect.gen(function* () {
    const sort = query.sort ?? CustomerQuery.defaultSort
    const column = sortColumns[sort.field]
    const where = conditions(tenant, query)
    if (query.cursor !== undefined) {
      const invalid = new Page.CursorInvalid({ cursor: query.cursor })
      const [key, id] = yield* Effect.fromOption(decodeCursor(sort.field)(query.cursor)).pipe(
        Effect.mapError(() => invalid)
      )
      const value = yield* Effect.fromOption(cursorValue(key)).pipe(Effect.mapError(() => invalid))
      where.push(
        sort.direction === "asc"
          ? sql`(${column}, ${customers.id}) > (${value}, ${id})`
          : sql`(${column}, ${customers.id}) < (${value}, ${id})`
      )
    }
    const direction = sort.direction === "asc" ? sql`asc` : sql`desc`
    return sql`select ${customers.document} as document from ${customers}
      where ${sql.join(where, sql` and `)}
      order by ${column} ${direction}, ${customers.id} ${direction}
      limit ${limit + 1}`
  })

/** The page of rows a statement returned (up to `limit + 1`), with the cursor after its last item by `keyOf`. */
const pageBy = <A>(
  rows: ReadonlyArray<A>,
  limit: number,
  keyOf: (item: A) => readonly [string | number, string]
): Page.Page<A> => {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? Base64Url.encode(JSON.stringify(keyOf(last))) : null
  }
}

/** The page of the rows a statement returned (up to `limit + 1`, decoded), with the cursor after its last item. */
export const page = (
  rows: ReadonlyArray<Customer.Customer>,
  query: CustomerQuery.ListQuery,
  limit: number
): Page.Page<Customer.Customer> => {
  const field = (query.sort ?? CustomerQuery.defaultSort).field
  return pageBy(rows, limit, (last) => [CustomerQuery.sortKey(last, field), last.id])
}

/** The sort key of a stored document, as `CustomerQuery.sortKey` gives it for the decoded customer. */
const storedSortKey = (customer: Customer.CustomerJson, field: CustomerQuery.Sort["field"]): string | number =>
  field === "lastName" ? customer.lastName.toLowerCase() : Date.parse(customer[field])

/** The page of stored documents a statement returned (up to `limit + 1`, not decoded), as `page` makes it. */
export const documentPage = (
  rows: ReadonlyArray<Customer.CustomerJson>,
  query: CustomerQuery.ListQuery,
  limit: number
): Page.Page<Customer.CustomerJson> => {
  const field = (query.sort ?? CustomerQuery.defaultSort).field
  return pageBy(rows, limit, (last) => [storedSortKey(last, field), last.id])
}

/**
 * The statement of the distinct metadata keys (`kind` 'meta') and external reference keys (`kind` 'reference') of
 * the customers matching a query's filters: one read, over the rows the filters select.
 */
export const keysStatement = (tenant: Tenant.TenantId, query: CustomerQuery.ListQuery): SQL => {
  const where = sql.join(conditions(tenant, query), sql` and `)
  return sql`select 'meta' as kind, key from (
      select distinct jsonb_object_keys(${customers.meta}) as key from ${customers} where ${where}
    ) as meta_keys
    union all
    select 'reference' as kind, key from (
      select distinct ${references.key} as key from ${references}
      where ${references.tenantId} = ${tenant}
        and ${references.customerId} in (select ${customers.id} from ${customers} where ${where})
    ) as reference_keys`
}

/** The stored form of a customer: the values of its columns, as plain JSON-able values. */
export const rowOf = (customer: Customer.Customer) => ({
  id: customer.id,
  identifier: customer.identifier,
  type: customer.type,
  last_name_key: lastNameKey(customer),
  search_text: searchText(customer),
  meta: customer.meta,
  version: customer.version,
  created_at: DateTime.formatIso(customer.createdAt),
  updated_at: DateTime.formatIso(customer.updatedAt),
  document: Customer.toJson(customer)
})
