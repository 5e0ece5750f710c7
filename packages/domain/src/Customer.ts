/**
 * Customers (PRODUCT.md §2): the record, its create and patch inputs, and the pure rules over them.
 */
import { DateTime, Result, Schema } from "effect"
import * as Address from "./Address.ts"
import * as Contact from "./Contact.ts"
import * as Ids from "./Ids.ts"
import * as InputRules from "./InputRules.ts"
import * as Metadata from "./Metadata.ts"
import * as Validation from "./Validation.ts"
import * as Version from "./Version.ts"

export const CustomerId = Schema.String.check(Ids.isId("customer")).pipe(Schema.brand("CustomerId"))
export type CustomerId = typeof CustomerId.Type

export const CustomerType = Schema.Literals(["individual", "organization"])
export type CustomerType = typeof CustomerType.Type

/** A tenant-unique handle: 1–256 characters of `A-Za-z0-9._@+-`. */
export const Identifier = Schema.Trim.check(
  Schema.isBetweenLength(1, 256, { message: "must be 1 to 256 characters" }),
  Schema.isPattern(/^[A-Za-z0-9._@+-]{1,256}$/, { message: "may hold only letters, digits and . _ @ + -" })
)

const isCalendarDate = (value: string) => {
  const date = new globalThis.Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}

const birthDatePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** The earliest birth date accepted. */
export const earliestBirthDate = "1900-01-01"

/** A calendar date as `YYYY-MM-DD`: how a stored birth date reads back, whenever it was stored. */
const CalendarDate = Schema.Trim.check(
  Schema.isPattern(birthDatePattern, { message: "must be a date as YYYY-MM-DD" }),
  Schema.makeFilter((value: string) => isCalendarDate(value) || "must be a real calendar date")
)

/**
 * A birth date a client sends, as `YYYY-MM-DD`, from 1900-01-01 on; that it is not in the future is checked against
 * the clock by `make`/`applyPatch`.
 */
export const BirthDate = CalendarDate.check(
  Schema.makeFilter(
    (value: string) =>
      !birthDatePattern.test(value) || value >= earliestBirthDate || `must be on or after ${earliestBirthDate}`
  )
)

/** External references: at most 20 `key → value` pairs, each pair unique per tenant. */
export const ExternalReferenceValue = Contact.Text(1, 256)
export const maxExternalReferences = 20
export const ExternalReferences = Metadata.map(ExternalReferenceValue, maxExternalReferences)

/** One external reference pair, used to find a customer. */
export const ExternalReference = Schema.Struct({ key: Metadata.Key, value: ExternalReferenceValue })
export type ExternalReference = typeof ExternalReference.Type

const optionalFields = {
  middleName: Schema.optionalKey(Contact.ShortText),
  companyName: Schema.optionalKey(Contact.ShortText),
  taxNumber: Schema.optionalKey(Contact.ShortText),
  email: Schema.optionalKey(Contact.Email),
  phone: Schema.optionalKey(Contact.Phone),
  birthDate: Schema.optionalKey(BirthDate)
}

/** The customer record as stored and as the API returns it. */
export const Customer = Schema.Struct({
  id: CustomerId,
  identifier: Identifier,
  type: CustomerType,
  firstName: Contact.Name,
  lastName: Contact.Name,
  ...optionalFields,
  birthDate: Schema.optionalKey(CalendarDate),
  addresses: Address.Addresses,
  meta: Metadata.Meta,
  externalReferences: ExternalReferences,
  version: Version.Version,
  createdAt: Schema.DateTimeUtcFromString,
  updatedAt: Schema.DateTimeUtcFromString
})
export type Customer = typeof Customer.Type
export type CustomerJson = typeof Customer.Encoded

/** What a client sends to create a customer. */
export const CreateInput = Schema.Struct({
  identifier: Schema.optionalKey(Identifier),
  type: Schema.optionalKey(CustomerType),
  firstName: Contact.Name,
  lastName: Contact.Name,
  ...optionalFields,
  addresses: Schema.optionalKey(Address.AddressInputs),
  meta: Schema.optionalKey(Metadata.Meta),
  externalReferences: Schema.optionalKey(ExternalReferences)
})
export type CreateInput = typeof CreateInput.Type

/** A change to a customer: fields set, `null` clears an optional one, maps merge, addresses are replaced as a list. */
export const Patch = Schema.Struct({
  identifier: Schema.optionalKey(Identifier),
  type: Schema.optionalKey(CustomerType),
  firstName: Schema.optionalKey(Contact.Name),
  lastName: Schema.optionalKey(Contact.Name),
  middleName: Schema.optionalKey(Schema.NullOr(Contact.ShortText)),
  companyName: Schema.optionalKey(Schema.NullOr(Contact.ShortText)),
  taxNumber: Schema.optionalKey(Schema.NullOr(Contact.ShortText)),
  email: Schema.optionalKey(Schema.NullOr(Contact.Email)),
  phone: Schema.optionalKey(Schema.NullOr(Contact.Phone)),
  birthDate: Schema.optionalKey(Schema.NullOr(BirthDate)),
  addresses: Schema.optionalKey(Address.AddressInputs),
  meta: Schema.optionalKey(Metadata.MetaPatch),
  externalReferences: Schema.optionalKey(Metadata.patchOf(ExternalReferenceValue, maxExternalReferences))
})
export type Patch = typeof Patch.Type

/** How a customer is looked up: by id, by identifier, or by one external reference pair. */
export const Lookup = Schema.Union([
  Schema.Struct({ id: CustomerId }),
  Schema.Struct({ identifier: Identifier }),
  Schema.Struct({ externalReference: ExternalReference })
])
export type Lookup = typeof Lookup.Type

/** The identifier given to a customer created without one: `cus-` and the time-sortable part of its id. */
export const generatedIdentifier = (id: CustomerId): string => id.replace("_", "-")

const describeLookup = (lookup: Lookup): string =>
  "id" in lookup
    ? lookup.id
    : "identifier" in lookup
      ? `with identifier ${lookup.identifier}`
      : `with external reference ${lookup.externalReference.key}=${lookup.externalReference.value}`

/** No customer of this tenant matches the lookup. */
export class CustomerNotFound extends Schema.TaggedError<CustomerNotFound>()("CustomerNotFound", {
  lookup: Schema.Unknown
}) {
  override get message() {
    return `customer ${describeLookup(this.lookup as Lookup)} not found`
  }
}

/** Another customer of the tenant already has this identifier. */
export class IdentifierTaken extends Schema.TaggedError<IdentifierTaken>()("IdentifierTaken", {
  identifier: Schema.String
}) {
  override get message() {
    return `identifier ${this.identifier} is already used by another customer`
  }
}

/** Another customer of the tenant already has this external reference pair. */
export class ExternalReferenceTaken extends Schema.TaggedError<ExternalReferenceTaken>()("ExternalReferenceTaken", {
  key: Schema.String,
  value: Schema.String
}) {
  override get message() {
    return `external reference ${this.key}=${this.value} is already used by another customer`
  }
}

/** Why a birth date is refused at `now`, or undefined: it must not lie in the future (UTC date). */
export const birthDateProblem = (birthDate: string, now: DateTime.Utc): string | undefined =>
  birthDate > DateTime.formatIso(now).slice(0, 10) ? "must not be in the future" : undefined

const checkBirthDate = (birthDate: string | undefined, now: DateTime.Utc, path: ReadonlyArray<string>) => {
  const message = birthDate === undefined ? undefined : birthDateProblem(birthDate, now)
  return message === undefined ? [] : [{ path, message }]
}

/**
 * The rules of a create input or a patch beyond its Schema, checked with it in one pass (see `InputRules`): the birth
 * date against the clock, and at most one default address per type, each id once.
 */
export const inputRules: ReadonlyArray<InputRules.Rule> = [
  InputRules.onValue(["birthDate"], BirthDate, birthDateProblem),
  ...Address.rules(["addresses"])
]

/** Builds a new customer from a decoded create input; fails when the birth date is in the future. */
export const make = (
  input: CreateInput,
  context: {
    readonly id: CustomerId
    readonly now: DateTime.Utc
    readonly addressIds: ReadonlyArray<Address.AddressId>
  }
): Result.Result<Customer, Validation.InputInvalid> => {
  const issues = checkBirthDate(input.birthDate, context.now, ["birthDate"])
  if (issues.length > 0) return Result.fail(new Validation.InputInvalid({ issues }))
  const { addresses, meta, externalReferences, identifier, type, ...rest } = input
  return Result.succeed({
    ...rest,
    id: context.id,
    identifier: identifier ?? generatedIdentifier(context.id),
    type: type ?? "individual",
    addresses: Address.fromInputs(addresses ?? [], context.addressIds),
    meta: meta ?? {},
    externalReferences: externalReferences ?? {},
    version: 1,
    createdAt: context.now,
    updatedAt: context.now
  })
}

type Clearable = "middleName" | "companyName" | "taxNumber" | "email" | "phone" | "birthDate"
const clearable: ReadonlyArray<Clearable> = ["middleName", "companyName", "taxNumber", "email", "phone", "birthDate"]

/** Applies a patch: sets and clears fields, merges maps, replaces addresses, bumps the version and `updatedAt`. */
export const applyPatch = (
  customer: Customer,
  patch: Patch,
  context: { readonly now: DateTime.Utc; readonly addressIds: ReadonlyArray<Address.AddressId> }
): Result.Result<Customer, Validation.InputInvalid> => {
  const { addresses, meta, externalReferences, ...scalars } = patch
  const next: Record<string, unknown> = { ...customer }
  for (const [key, value] of Object.entries(scalars)) {
    if (value === null && clearable.includes(key as Clearable)) delete next[key]
    else next[key] = value
  }
  const patched = {
    ...(next as Customer),
    addresses: addresses === undefined ? customer.addresses : Address.fromInputs(addresses, context.addressIds),
    meta: meta === undefined ? customer.meta : Metadata.applyPatch(customer.meta, meta),
    externalReferences:
      externalReferences === undefined
        ? customer.externalReferences
        : Metadata.applyPatch(customer.externalReferences, externalReferences),
    version: customer.version + 1,
    updatedAt: context.now
  }
  const issues = [
    ...checkBirthDate(patch.birthDate ?? undefined, context.now, ["birthDate"]),
    ...(Object.keys(patched.meta).length > Metadata.maxMetaEntries
      ? [{ path: ["meta"], message: `would hold more than ${Metadata.maxMetaEntries} entries` }]
      : []),
    ...(Object.keys(patched.externalReferences).length > maxExternalReferences
      ? [{ path: ["externalReferences"], message: `would hold more than ${maxExternalReferences} entries` }]
      : [])
  ]
  return issues.length > 0 ? Result.fail(new Validation.InputInvalid({ issues })) : Result.succeed(patched)
}

/** The external reference pairs of a customer. */
export const externalReferencePairs = (customer: Customer): ReadonlyArray<ExternalReference> =>
  Object.entries(customer.externalReferences).map(([key, value]) => ({ key, value }))

/** The customer as JSON, exactly as the API returns it and webhooks carry it. */
const encodeCustomer = Schema.encodeSync(Customer)
export const toJson = (value: typeof Customer.Type): typeof Customer.Encoded => encodeCustomer(value)
