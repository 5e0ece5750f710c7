/**
 * The addresses editor's rows: every address field as typed, and the address inputs the API takes (empty fields left
 * out, rows with every field empty not sent, the id kept for an edited address so it stays the same address).
 */
import type { Customer } from "../api/Api.ts"

type StoredAddress = Customer["addresses"][number]
export type AddressType = StoredAddress["type"]

export const addressTypes: ReadonlyArray<{ readonly value: AddressType; readonly label: string }> = [
  { value: "billing", label: "Billing" },
  { value: "delivery", label: "Delivery" },
  { value: "other", label: "Other" }
]

export const addressFields = [
  { name: "firstName", label: "First name" },
  { name: "middleName", label: "Middle name" },
  { name: "lastName", label: "Last name" },
  { name: "street", label: "Street" },
  { name: "streetNumber", label: "Street number" },
  { name: "street2", label: "Street, line 2" },
  { name: "postalCode", label: "Postal code" },
  { name: "city", label: "City" },
  { name: "state", label: "State or region" },
  { name: "country", label: "Country (ISO code, like NO)" },
  { name: "phone", label: "Phone" },
  { name: "email", label: "Email" }
] as const
export type AddressField = (typeof addressFields)[number]["name"]

export interface AddressRow extends Readonly<Record<AddressField, string>> {
  readonly rowId: string
  readonly id?: string
  readonly type: AddressType
  readonly isDefault: boolean
}

let rowCount = 0

/** A new, empty address of a type. */
export const emptyAddress = (type: AddressType, isDefault: boolean): AddressRow => ({
  rowId: `address-${++rowCount}`,
  type,
  isDefault,
  ...(Object.fromEntries(addressFields.map((field) => [field.name, ""])) as Record<AddressField, string>)
})

/** The rows of stored addresses. */
export const addressRowsOf = (addresses: ReadonlyArray<StoredAddress>): ReadonlyArray<AddressRow> =>
  addresses.map((address) => ({
    ...emptyAddress(address.type, address.isDefault),
    ...Object.fromEntries(addressFields.map((field) => [field.name, address[field.name] ?? ""])),
    id: address.id
  }))

/** Whether every field of a row is empty (its type and default tick alone say nothing): such a row is not saved. */
export const isBlankAddress = (row: AddressRow): boolean =>
  addressFields.every((field) => row[field.name].trim() === "")

/** The rows that are sent, in order: the address at index `i` of the input is the row at `sentRows(rows)[i]`. */
export const sentRows = (rows: ReadonlyArray<AddressRow>): ReadonlyArray<number> =>
  rows.flatMap((row, index) => (isBlankAddress(row) ? [] : [index]))

/** The address inputs of the rows, as the API takes them; blank rows are left out. */
export const addressInputsOf = (rows: ReadonlyArray<AddressRow>) =>
  rows
    .filter((row) => !isBlankAddress(row))
    .map((row) => ({
      ...(row.id === undefined ? {} : { id: row.id }),
      type: row.type,
      isDefault: row.isDefault,
      ...Object.fromEntries(
        addressFields.filter((field) => row[field.name].trim() !== "").map((field) => [field.name, row[field.name]])
      )
    }))
