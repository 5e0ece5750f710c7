/**
 * The customer an order brings (API.md "Added in the second wave", `orders.create` extended): instead of a
 * `customerId`, an order may carry `customer: { identifier?, externalReference?, …create fields }`. The customer is
 * found by identifier, then by external reference, else created from the fields, in the order's transaction. A found
 * customer is taken as it is: the fields sent are used only to create one.
 */
import { Result, Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as InputRules from "./InputRules.ts"
import * as Order from "./Order.ts"
import * as Validation from "./Validation.ts"

/** The customer sent with an order: how to find it, and what to create it from when it is not found. */
export const Brought = Schema.Struct({
  ...Customer.CreateInput.fields,
  externalReference: Schema.optionalKey(Customer.ExternalReference)
})
export type Brought = typeof Brought.Type

const { customerId: _customerId, ...orderFields } = Order.CreateInput.fields

/** What a client sends to create an order: `customerId` of an existing customer, or the `customer` it brings. */
export const CreateInput = Schema.Struct({
  customerId: Schema.optionalKey(Customer.CustomerId),
  customer: Schema.optionalKey(Brought),
  ...orderFields
})
export type CreateInput = typeof CreateInput.Type

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Exactly one of `customerId` and `customer`. */
const oneCustomer: InputRules.Rule = (input) => {
  if (!isObject(input)) return []
  const hasId = Object.hasOwn(input, "customerId")
  const hasCustomer = Object.hasOwn(input, "customer")
  if (hasId && hasCustomer) return [{ path: ["customer"], message: "give customerId or customer, not both" }]
  if (!hasId && !hasCustomer) return [{ path: ["customerId"], message: "give customerId or customer" }]
  return []
}

/** The rules of the create input beyond its Schema: one way to name the customer, and the customer's own rules. */
export const inputRules: ReadonlyArray<InputRules.Rule> = [
  oneCustomer,
  InputRules.under(["customer"], ...Customer.inputRules)
]

/** The lookups that find a brought customer, in the order they are tried: identifier, then external reference. */
export const lookups = (brought: Brought): ReadonlyArray<Customer.Lookup> => [
  ...(brought.identifier === undefined ? [] : [{ identifier: brought.identifier }]),
  ...(brought.externalReference === undefined ? [] : [{ externalReference: brought.externalReference }])
]

/**
 * The create input of a brought customer that is not found: its fields, with its external reference among its own
 * (refused when that makes more pairs than a customer may hold).
 */
export const creation = (brought: Brought): Result.Result<Customer.CreateInput, Validation.InputInvalid> => {
  const { externalReference, ...fields } = brought
  if (externalReference === undefined) return Result.succeed(fields)
  const externalReferences = { ...fields.externalReferences, [externalReference.key]: externalReference.value }
  return Object.keys(externalReferences).length > Customer.maxExternalReferences
    ? Result.fail(
        Validation.invalid(
          ["customer", "externalReferences"],
          `would hold more than ${Customer.maxExternalReferences} entries with externalReference`
        )
      )
    : Result.succeed({ ...fields, externalReferences })
}

/** Whether a refused creation concerns the very handle the order found its customer by (a concurrent creation). */
export const isRaceOn = (
  brought: Brought,
  refusal: Customer.IdentifierTaken | Customer.ExternalReferenceTaken
): boolean =>
  refusal._tag === "IdentifierTaken"
    ? refusal.identifier === brought.identifier
    : brought.externalReference !== undefined &&
      refusal.key === brought.externalReference.key &&
      refusal.value === brought.externalReference.value
