/**
 * The customer listing's query (PRODUCT.md §2): search, filters, sort and cursor.
 */
import { Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as Instant from "./Instant.ts"
import * as Metadata from "./Metadata.ts"
import * as Page from "./Page.ts"

export const SortField = Schema.Literals(["createdAt", "updatedAt", "lastName"])
export const SortDirection = Schema.Literals(["asc", "desc"])

/** Sort order; newest first by default. */
export const Sort = Schema.Struct({ field: SortField, direction: SortDirection })
export type Sort = typeof Sort.Type
export const defaultSort: Sort = { field: "createdAt", direction: "desc" }

/** The query of `customers.list`. */
export const ListQuery = Schema.Struct({
  cursor: Schema.optionalKey(Page.Cursor),
  limit: Schema.optionalKey(Page.Limit),
  search: Schema.optionalKey(Schema.Trim.check(Schema.isMaxLength(200, { message: "must be at most 200 characters" }))),
  type: Schema.optionalKey(Customer.CustomerType),
  meta: Schema.optionalKey(Schema.Struct({ key: Metadata.Key, value: Metadata.MetaValue })),
  externalReference: Schema.optionalKey(Customer.ExternalReference),
  createdAfter: Schema.optionalKey(Instant.Instant),
  createdBefore: Schema.optionalKey(Instant.Instant),
  sort: Schema.optionalKey(Sort)
})
export type ListQuery = typeof ListQuery.Type

/** The text a customer is found by: names, email, identifier, company, phone and external reference values. */
export const searchableText = (customer: Customer.Customer): ReadonlyArray<string> => [
  customer.firstName,
  customer.lastName,
  ...(customer.middleName === undefined ? [] : [customer.middleName]),
  customer.identifier,
  ...(customer.email === undefined ? [] : [customer.email]),
  ...(customer.companyName === undefined ? [] : [customer.companyName]),
  ...(customer.phone === undefined ? [] : [customer.phone]),
  ...Object.values(customer.externalReferences)
]

/** Whether a customer matches the query's search and filters (the reference semantics adapters must follow). */
export const matches = (customer: Customer.Customer, query: ListQuery): boolean => {
  const search = query.search?.toLowerCase()
  return (
    (search === undefined ||
      search === "" ||
      searchableText(customer).some((text) => text.toLowerCase().includes(search))) &&
    (query.type === undefined || customer.type === query.type) &&
    (query.meta === undefined || customer.meta[query.meta.key] === query.meta.value) &&
    (query.externalReference === undefined ||
      customer.externalReferences[query.externalReference.key] === query.externalReference.value) &&
    (query.createdAfter === undefined ||
      customer.createdAt.epochMilliseconds >= query.createdAfter.epochMilliseconds) &&
    (query.createdBefore === undefined || customer.createdAt.epochMilliseconds < query.createdBefore.epochMilliseconds)
  )
}

/** The value a customer sorts by: instants as epoch milliseconds, last names case-insensitively. */
export const sortKey = (customer: Customer.Customer, field: Sort["field"]): string | number =>
  field === "lastName" ? customer.lastName.toLowerCase() : customer[field].epochMilliseconds
