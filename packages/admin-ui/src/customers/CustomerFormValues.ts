/**
 * The customer form's values (strings as typed) and how they become the API's create input or update patch. The
 * rules themselves are the domain's: `rules` decodes what would be sent with `Customer.CreateInput`, and `fieldOf`
 * places a problem's path (the create input's, or the update's under `patch`) on the form field it names.
 */
import { Customer as CustomerSchema } from "@patron/domain"
import type { Customer, CustomerCreate, CustomerPatch } from "../api/Api.ts"
import { type KeyValueRow, mapOf, patchOf, rowFieldOf, rowProblems, rowsOf } from "../form/KeyValueRows.ts"
import { type FieldProblems, type PathIssue, rulesOf } from "../form/useSchemaForm.ts"
import { type AddressRow, addressFields, addressInputsOf, addressRowsOf, sentRows } from "./AddressRows.ts"

export const scalarFields = [
  "identifier",
  "firstName",
  "middleName",
  "lastName",
  "companyName",
  "taxNumber",
  "email",
  "phone",
  "birthDate"
] as const
export type ScalarField = (typeof scalarFields)[number]

export interface CustomerFormValues extends Readonly<Record<ScalarField, string>> {
  readonly type: "individual" | "organization"
  readonly addresses: ReadonlyArray<AddressRow>
  readonly meta: ReadonlyArray<KeyValueRow>
  readonly externalReferences: ReadonlyArray<KeyValueRow>
}

/** The values of a new customer's form. */
export const blank = (): CustomerFormValues => ({
  type: "individual",
  identifier: "",
  firstName: "",
  middleName: "",
  lastName: "",
  companyName: "",
  taxNumber: "",
  email: "",
  phone: "",
  birthDate: "",
  addresses: [],
  meta: [],
  externalReferences: []
})

/** The values of an existing customer's form. */
export const fromCustomer = (customer: Customer): CustomerFormValues => ({
  type: customer.type,
  identifier: customer.identifier,
  firstName: customer.firstName,
  middleName: customer.middleName ?? "",
  lastName: customer.lastName,
  companyName: customer.companyName ?? "",
  taxNumber: customer.taxNumber ?? "",
  email: customer.email ?? "",
  phone: customer.phone ?? "",
  birthDate: customer.birthDate ?? "",
  addresses: addressRowsOf(customer.addresses),
  meta: rowsOf(customer.meta),
  externalReferences: rowsOf(customer.externalReferences)
})

const filled = (value: string) => value.trim() !== ""

/** What the form would create: empty optional fields are left out, so only the rules of given values apply. */
export const toCreateInput = (values: CustomerFormValues): CustomerCreate => {
  const scalars = Object.fromEntries(
    scalarFields.filter((field) => filled(values[field])).map((field) => [field, values[field]])
  )
  const addresses = addressInputsOf(values.addresses)
  const meta = mapOf(values.meta)
  const externalReferences = mapOf(values.externalReferences)
  return {
    ...(scalars as { firstName: string; lastName: string }),
    type: values.type,
    ...(addresses.length > 0 ? { addresses } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    ...(Object.keys(externalReferences).length > 0 ? { externalReferences } : {})
  } as CustomerCreate
}

/** The customer's rules, as the form checks them on `toCreateInput`. */
export const rules = rulesOf(CustomerSchema.CreateInput)

const isKeyProblem = (message: string) =>
  message.startsWith("may hold only letters") || message.startsWith("must be 1 to 64")

const addressFieldNames = new Set<string>(["type", ...addressFields.map((field) => field.name)])
const topFields = new Set<string>(["type", "addresses", "meta", "externalReferences", ...scalarFields])

/**
 * The field a problem's path names: `["addresses", 1, "postalCode"]` is the postal code of the second address sent
 * (blank rows are not sent), `["meta", "tier"]` (or `["patch", "meta", "set", "tier"]`) the row holding the key
 * `tier`; undefined when no field of the form holds it.
 */
export const fieldOf = (issue: PathIssue, values: CustomerFormValues): string | undefined => {
  const path = issue.path[0] === "patch" ? issue.path.slice(1) : issue.path
  const [top, ...rest] = path
  if (typeof top !== "string" || !topFields.has(top)) return undefined
  if (top === "addresses") {
    const [sent, field] = rest
    if (sent === undefined) return "addresses"
    const row = typeof sent === "number" ? sentRows(values.addresses)[sent] : undefined
    if (row === undefined) return undefined
    return typeof field === "string" && addressFieldNames.has(field) ? `addresses[${row}].${field}` : "addresses"
  }
  if (top === "meta" || top === "externalReferences") {
    const keyAt = rest[0] === "set" || rest[0] === "unset" ? rest[1] : rest[0]
    return rowFieldOf(top, values[top], keyAt, isKeyProblem(issue.message))
  }
  return rest.length === 0 ? top : undefined
}

/** Rules the create input cannot show: row problems of the maps, and an identifier that an edit cannot remove. */
export const check = (values: CustomerFormValues, isEdit: boolean): FieldProblems => ({
  ...rowProblems("meta", values.meta),
  ...rowProblems("externalReferences", values.externalReferences),
  // An identifier can be changed but not removed.
  ...(isEdit && !filled(values.identifier) ? { identifier: ["is required"] } : {})
})

const optionalScalars = new Set<ScalarField>(["middleName", "companyName", "taxNumber", "email", "phone", "birthDate"])

/** The patch that turns the stored customer into the edited values; undefined when nothing changed. */
export const toPatch = (customer: Customer, values: CustomerFormValues): CustomerPatch | undefined => {
  const before = fromCustomer(customer)
  const patch: Record<string, unknown> = {}
  for (const field of scalarFields) {
    if (values[field].trim() === before[field].trim()) continue
    patch[field] = optionalScalars.has(field) && !filled(values[field]) ? null : values[field]
  }
  if (values.type !== customer.type) patch.type = values.type
  const addresses = addressInputsOf(values.addresses)
  if (JSON.stringify(addresses) !== JSON.stringify(addressInputsOf(before.addresses))) patch.addresses = addresses
  const meta = patchOf(customer.meta, values.meta)
  if (meta !== undefined) patch.meta = meta
  const externalReferences = patchOf(customer.externalReferences, values.externalReferences)
  if (externalReferences !== undefined) patch.externalReferences = externalReferences
  return Object.keys(patch).length === 0 ? undefined : (patch as CustomerPatch)
}
