/**
 * Addresses of a customer (PRODUCT.md §2): billing, delivery or other; at most 20, at most one default per type.
 */
import { Schema } from "effect"
import * as Bounded from "./Bounded.ts"
import * as Contact from "./Contact.ts"
import * as Country from "./Country.ts"
import * as Ids from "./Ids.ts"
import * as InputRules from "./InputRules.ts"

export const AddressId = Schema.String.check(Ids.isId("address")).pipe(Schema.brand("AddressId"))
export type AddressId = typeof AddressId.Type

export const AddressType = Schema.Literals(["billing", "delivery", "other"])
export type AddressType = typeof AddressType.Type

export const maxAddresses = 20

const fields = {
  type: AddressType,
  firstName: Schema.optionalKey(Contact.ShortText),
  middleName: Schema.optionalKey(Contact.ShortText),
  lastName: Schema.optionalKey(Contact.ShortText),
  street: Schema.optionalKey(Contact.ShortText),
  street2: Schema.optionalKey(Contact.ShortText),
  streetNumber: Schema.optionalKey(Contact.Text(0, 50)),
  postalCode: Schema.optionalKey(Contact.Text(0, 20)),
  city: Schema.optionalKey(Contact.ShortText),
  state: Schema.optionalKey(Contact.ShortText),
  country: Schema.optionalKey(Country.CountryCode),
  phone: Schema.optionalKey(Contact.Phone),
  email: Schema.optionalKey(Contact.Email)
}

/** A stored address. */
export const Address = Schema.Struct({ id: AddressId, isDefault: Schema.Boolean, ...fields })
export type Address = typeof Address.Type

/** An address as a client sends it: the id is kept when given (an edit) and made when absent (a new address). */
export const AddressInput = Schema.Struct({
  id: Schema.optionalKey(AddressId),
  isDefault: Schema.optionalKey(Schema.Boolean),
  ...fields
})
export type AddressInput = typeof AddressInput.Type

/** The address types that have more than one default address. */
export const typesWithSeveralDefaults = (addresses: ReadonlyArray<{ type: AddressType; isDefault?: boolean }>) =>
  AddressType.literals.filter((type) => addresses.filter((a) => a.type === type && a.isDefault === true).length > 1)

/** Why a list has too many default addresses, or undefined when each type has at most one. */
export const defaultsProblem = (
  addresses: ReadonlyArray<{ readonly type: AddressType; readonly isDefault?: boolean }>
): string | undefined => {
  const several = typesWithSeveralDefaults(addresses)
  return several.length > 0 ? `only one ${several.join(" and one ")} address can be the default` : undefined
}

/** Why a list repeats an address id, or undefined when each id appears once. */
export const idsProblem = (addresses: ReadonlyArray<{ readonly id?: string }>): string | undefined => {
  const ids = addresses.flatMap((address) => (address.id === undefined ? [] : [address.id]))
  return new Set(ids).size === ids.length ? undefined : "each address id can appear only once"
}

const listRules = Schema.makeFilter(
  (addresses: ReadonlyArray<{ readonly id?: string; readonly type: AddressType; readonly isDefault?: boolean }>) =>
    defaultsProblem(addresses) ?? idsProblem(addresses) ?? true
)

const atMostMaxAddresses = Schema.isMaxLength(maxAddresses, { message: `must hold at most ${maxAddresses} addresses` })

/** A list of address inputs: at most 20 (counted before any address is decoded), one default per type. */
export const AddressInputs = Bounded.array(AddressInput, atMostMaxAddresses).check(listRules)

/** A stored list of addresses, under the same rules. */
export const Addresses = Bounded.array(Address, atMostMaxAddresses).check(listRules)

/** Completes address inputs into addresses, with `newId` for those that have none and isDefault false by default. */
export const fromInputs = (
  inputs: ReadonlyArray<AddressInput>,
  newIds: ReadonlyArray<AddressId>
): ReadonlyArray<Address> => {
  let next = 0
  return inputs.map(({ id, isDefault, ...rest }) => ({
    ...rest,
    id: id ?? (newIds[next++] as AddressId),
    isDefault: isDefault ?? false
  }))
}

/** How many new ids a list of inputs needs. */
export const missingIds = (inputs: ReadonlyArray<AddressInput>): number =>
  inputs.filter((a) => a.id === undefined).length

/**
 * The list rules of the address list at `pattern` of an input, over the addresses whose `type`/`isDefault` (and
 * `id`) decode even when other fields of theirs do not, so two default billing addresses are reported together with
 * a bad country in one of them.
 */
export const rules = (pattern: InputRules.Pattern): ReadonlyArray<InputRules.Rule> => [
  InputRules.onItems(
    pattern,
    Schema.Struct({ type: AddressType, isDefault: Schema.optionalKey(Schema.Boolean) }),
    defaultsProblem
  ),
  InputRules.onItems(pattern, Schema.Struct({ id: AddressId }), idsProblem)
]
