/**
 * A stored customer document as the domain encodes it. jsonb keeps an object's keys in an order of its own (shorter
 * keys first), so a document read back is put in the order of the Customer schema's fields (an address's in the
 * Address schema's), which is the order `Customer.toJson` gives: a customer answered from the store reads the same as
 * one answered from the domain. Keys the schemas do not name keep their place after the named ones.
 */
import { Address, Customer } from "@patron/domain"

const customerKeys = Object.keys(Customer.Customer.fields)
const addressKeys = Object.keys(Address.Address.fields)

const inOrder = (keys: ReadonlyArray<string>, value: Record<string, unknown>): Record<string, unknown> => {
  const ordered: Record<string, unknown> = {}
  for (const key of keys) if (Object.hasOwn(value, key)) ordered[key] = value[key]
  for (const key of Object.keys(value)) if (!Object.hasOwn(ordered, key)) ordered[key] = value[key]
  return ordered
}

/** The document (parsed jsonb, or its text) in the domain's key order. */
export const ordered = (document: unknown): Customer.CustomerJson => {
  const value = (typeof document === "string" ? JSON.parse(document) : document) as Record<string, unknown>
  const customer = inOrder(customerKeys, value)
  if (Array.isArray(customer.addresses)) {
    customer.addresses = customer.addresses.map((address: Record<string, unknown>) => inOrder(addressKeys, address))
  }
  return customer as Customer.CustomerJson
}
