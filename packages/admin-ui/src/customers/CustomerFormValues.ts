/**
 * The customer form's values (strings as typed) and how they become the API's create input or update patch. The
 * rules themselves are the domain's: `validate` decodes what would be sent with `Customer.CreateInput`.
 */
import { Customer as CustomerSchema } from "@patron/domain"
import type { Customer, CustomerCreate, CustomerPatch } from "../api/Api.ts"
import { type FieldErrors, merge, validate } from "../form/FieldErrors.ts"
import { type KeyValueRow, mapOf, patchOf, rowProblems, rowsOf, toRowErrors } from "../form/KeyValueRows.ts"
import { type AddressRow, addressInputsOf, addressRowsOf } from "./AddressRows.ts"

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
  const meta = mapOf(values.meta)
  const externalReferences = mapOf(values.externalReferences)
  return {
    ...(scalars as { firstName: string; lastName: string }),
    type: values.type,
    ...(values.addresses.length > 0 ? { addresses: addressInputsOf(values.addresses) } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    ...(Object.keys(externalReferences).length > 0 ? { externalReferences } : {})
  } as CustomerCreate
}

const isKeyProblem = (message: string) =>
  message.startsWith("may hold only letters") || message.startsWith("must be 1 to 64")

/** Every broken rule of the values, by field: the domain's create rules, plus row problems the maps cannot show. */
export const validateValues = (values: CustomerFormValues, isEdit: boolean): FieldErrors => {
  const schemaErrors = validate(CustomerSchema.CreateInput, toCreateInput(values))
  const inRows = toRowErrors(
    "externalReferences",
    values.externalReferences,
    toRowErrors("meta", values.meta, schemaErrors, isKeyProblem),
    isKeyProblem
  )
  return merge(
    inRows,
    rowProblems("meta", values.meta),
    rowProblems("externalReferences", values.externalReferences),
    // An identifier can be changed but not removed.
    isEdit && !filled(values.identifier) ? { identifier: ["is required"] } : {}
  )
}

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

/**
 * Problems the API reported (paths of the create input, or of the update's `patch` with its `set` maps), moved to
 * the form's fields.
 */
export const fromApiIssues = (values: CustomerFormValues, errors: FieldErrors): FieldErrors => {
  const renamed: Record<string, ReadonlyArray<string>> = {}
  for (const [path, messages] of Object.entries(errors)) {
    const key = path.replace(/^patch\./, "").replace(/^(meta|externalReferences)\.set\./, "$1.")
    renamed[key] = [...(renamed[key] ?? []), ...messages]
  }
  return toRowErrors(
    "externalReferences",
    values.externalReferences,
    toRowErrors("meta", values.meta, renamed, isKeyProblem),
    isKeyProblem
  )
}
