/**
 * The customer CSV's columns (docs/csv.md), shared by the export (`GET /export/customers.csv`) and the import
 * (`POST /import/customers`), so an export re-imports unchanged: the customer's fields, its default billing and
 * default delivery address as `billing.<field>` / `delivery.<field>`, then `meta.<key>` and `ref.<key>` per key.
 */
import { Result, Schema } from "effect"
import type * as Address from "./Address.ts"
import * as Customer from "./Customer.ts"
import * as CustomerQuery from "./CustomerQuery.ts"
import * as Validation from "./Validation.ts"

/** The customer's own columns, in file order; `id` is written on export and ignored on import. */
export const customerColumns = [
  "id",
  "identifier",
  "type",
  "firstName",
  "middleName",
  "lastName",
  "companyName",
  "taxNumber",
  "email",
  "phone",
  "birthDate"
] as const

/** The address fields written for each of the two default addresses. */
export const addressFields = [
  "firstName",
  "middleName",
  "lastName",
  "street",
  "street2",
  "streetNumber",
  "postalCode",
  "city",
  "state",
  "country",
  "phone",
  "email"
] as const

/** The address types that have columns: the default address of each. */
export const addressTypes = ["billing", "delivery"] as const

type AddressColumnType = (typeof addressTypes)[number]
type AddressField = (typeof addressFields)[number]
type CustomerColumn = (typeof customerColumns)[number]

/** The prefix of a metadata column (`meta.plan`). */
export const metaPrefix = "meta."
/** The prefix of an external reference column (`ref.erp`). */
export const refPrefix = "ref."

/** The fixed columns: the customer's, then billing's and delivery's address fields. */
export const fixedColumns: ReadonlyArray<string> = [
  ...customerColumns,
  ...addressTypes.flatMap((type) => addressFields.map((field) => `${type}.${field}`))
]

/** The header of a file holding these metadata and external reference keys (each list sorted, each key once). */
export const headerOf = (metaKeys: Iterable<string>, refKeys: Iterable<string>): ReadonlyArray<string> => [
  ...fixedColumns,
  ...[...new Set(metaKeys)].sort().map((key) => metaPrefix + key),
  ...[...new Set(refKeys)].sort().map((key) => refPrefix + key)
]

/** What a column holds. */
export type Column =
  | { readonly kind: "customer"; readonly field: CustomerColumn }
  | { readonly kind: "address"; readonly type: AddressColumnType; readonly field: AddressField }
  | { readonly kind: "meta"; readonly key: string }
  | { readonly kind: "ref"; readonly key: string }

/** What a column name means, or undefined when it is not a column of the file. */
export const columnOf = (name: string): Column | undefined => {
  if ((customerColumns as ReadonlyArray<string>).includes(name)) {
    return { kind: "customer", field: name as CustomerColumn }
  }
  if (name.startsWith(metaPrefix) && name.length > metaPrefix.length) {
    return { kind: "meta", key: name.slice(metaPrefix.length) }
  }
  if (name.startsWith(refPrefix) && name.length > refPrefix.length) {
    return { kind: "ref", key: name.slice(refPrefix.length) }
  }
  const dot = name.indexOf(".")
  const type = name.slice(0, dot)
  const field = name.slice(dot + 1)
  return dot > 0 &&
    (addressTypes as ReadonlyArray<string>).includes(type) &&
    (addressFields as ReadonlyArray<string>).includes(field)
    ? { kind: "address", type: type as AddressColumnType, field: field as AddressField }
    : undefined
}

/** A cell of a file that spreadsheets would run as a formula: `= + - @`, tab or carriage return first (OWASP). */
const formulaStart = /^'*[=+\-@\t\r]/

/**
 * A cell made safe for spreadsheets: one `'` put before a cell that begins with `= + - @`, tab or carriage return
 * (or with quotes and then one of them, so `undefuse` gives back exactly what was defused).
 */
export const defuse = (cell: string): string => (formulaStart.test(cell) ? `'${cell}` : cell)

/** The cell `defuse` was given: the one quote it put before a formula-like cell taken away. */
export const undefuse = (cell: string): string =>
  cell.startsWith("'") && formulaStart.test(cell.slice(1)) ? cell.slice(1) : cell

const text = (value: unknown): string => (typeof value === "string" ? value : "")

type Cell = (
  customer: Customer.CustomerJson,
  defaults: ReadonlyMap<string, (typeof Address.Address)["Encoded"]>
) => unknown

const cellOf = (column: Column | undefined): Cell => {
  if (column === undefined) return () => ""
  switch (column.kind) {
    case "customer":
      return (customer) => customer[column.field]
    case "address":
      return (_, defaults) => defaults.get(column.type)?.[column.field]
    case "meta":
      return (customer) => customer.meta[column.key]
    default:
      return (customer) => customer.externalReferences[column.key]
  }
}

/** Writes customers' rows under `header` (each column read once, for files of a million rows): see `rowOf`. */
export const rowWriter = (header: ReadonlyArray<string>) => {
  const cells = header.map((name) => cellOf(columnOf(name)))
  return (customer: Customer.CustomerJson): ReadonlyArray<string> => {
    const defaults = new Map(
      customer.addresses.filter((address) => address.isDefault).map((address) => [address.type, address])
    )
    return cells.map((cell) => defuse(text(cell(customer, defaults))))
  }
}

/** A customer's row under `header`, every cell defused; an absent field is an empty cell. */
export const rowOf = (customer: Customer.CustomerJson, header: ReadonlyArray<string>): ReadonlyArray<string> =>
  rowWriter(header)(customer)

/** What the export takes: the filters and sort of `customers.list`, without its page (`cursor`, `limit`). */
export const ExportQuery = CustomerQuery.ListQuery.mapFields(({ cursor: _cursor, limit: _limit, ...fields }) => fields)
export type ExportQuery = typeof ExportQuery.Type

/** A problem of a row (or of the header), by column name; no column when it concerns the whole row. */
export interface CellIssue {
  readonly column?: string
  readonly message: string
}

/** The problems of a header: names that are not columns, and names given twice. */
export const headerIssues = (header: ReadonlyArray<string>): ReadonlyArray<CellIssue> => {
  const seen = new Set<string>()
  return header.flatMap((name): ReadonlyArray<CellIssue> => {
    if (seen.has(name)) return [{ column: name, message: "is given twice" }]
    seen.add(name)
    return columnOf(name) === undefined
      ? [{ column: name, message: "is not a column of the customer file (see docs/csv.md)" }]
      : []
  })
}

/** The column an issue path of a create input (as `createInputOf` builds it) concerns, or undefined for the row. */
export const columnAt = (
  input: { readonly addresses?: ReadonlyArray<{ readonly type: Address.AddressType }> },
  path: ReadonlyArray<string | number>
): string | undefined => {
  const [head, key, field] = path
  if (head === undefined) return undefined
  if (head === "meta" || head === "externalReferences") {
    const prefix = head === "meta" ? metaPrefix : refPrefix
    return key === undefined ? `${prefix}*` : `${prefix}${key}`
  }
  if (head === "addresses") {
    const type = typeof key === "number" ? input.addresses?.[key]?.type : undefined
    return type === undefined ? "addresses" : field === undefined ? type : `${type}.${field}`
  }
  return String(head)
}

const decodeCreate = Schema.decodeUnknownResult(Customer.CreateInput, Validation.parseOptions)

/** The raw create fields of a row: blank cells absent, cells undefused, an address when any of its cells is set. */
const fieldsOf = (header: ReadonlyArray<string>, cells: ReadonlyArray<string>) => {
  const fields: Record<string, string> = {}
  const addresses = new Map<AddressColumnType, { type: AddressColumnType; [field: string]: unknown }>()
  const meta: Record<string, string> = {}
  const refs: Record<string, string> = {}
  header.forEach((name, index) => {
    const cell = cells[index] ?? ""
    const column = columnOf(name)
    if (column === undefined || cell.trim() === "") return
    const value = undefuse(cell)
    if (column.kind === "customer") {
      if (column.field !== "id") fields[column.field] = value
    } else if (column.kind === "address") {
      const address = addresses.get(column.type) ?? { type: column.type, isDefault: true }
      address[column.field] = value
      addresses.set(column.type, address)
    } else if (column.kind === "meta") meta[column.key] = value
    else refs[column.key] = value
  })
  return {
    ...fields,
    ...(addresses.size > 0 ? { addresses: addressTypes.flatMap((type) => addresses.get(type) ?? []) } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
    ...(Object.keys(refs).length > 0 ? { externalReferences: refs } : {})
  }
}

/**
 * A row's customer create fields, decoded (Schema rules only; the birth date against the clock is the use case's):
 * blank cells are absent, each cell undefused, an address column set makes that type's default address, `meta.` and
 * `ref.` columns make the maps, `id` is ignored. Or the row's problems by column (with the header's).
 */
export const createInputOf = (
  header: ReadonlyArray<string>,
  cells: ReadonlyArray<string>
): { readonly input: Customer.CreateInput } | { readonly issues: ReadonlyArray<CellIssue> } => {
  const problems = [
    ...headerIssues(header),
    ...(cells.length > header.length
      ? [{ message: `has ${cells.length} cells but the header has ${header.length} columns` }]
      : [])
  ]
  const raw = fieldsOf(header, cells)
  const decoded = decodeCreate(raw)
  const issues = [
    ...problems,
    ...(Result.isFailure(decoded)
      ? Validation.issuesOf(decoded.failure, raw).map((issue) => {
          const column = columnAt(raw, issue.path)
          return column === undefined ? { message: issue.message } : { column, message: issue.message }
        })
      : [])
  ]
  return issues.length > 0 || Result.isFailure(decoded) ? { issues } : { input: decoded.success }
}
