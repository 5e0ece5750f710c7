/**
 * Upserting customers (`customers.upsert`, `customers.upsertMany`; API.md "Added in the second wave"): a row names
 * the customer it is about by a match (identifier, or one external reference pair) and gives create fields. No
 * customer matches: one is created from the fields, holding the match. One matches: the fields are a patch (set
 * fields set, maps merged key by key, addresses replaced as a list); when they already hold what is stored the
 * customer is unchanged: nothing written, no event, no version bump.
 */
import { type DateTime, Option, Result, Schema } from "effect"
import type * as Address from "./Address.ts"
import * as Bounded from "./Bounded.ts"
import * as Customer from "./Customer.ts"
import type { PathIssue } from "./InputIssues.ts"
import * as InputRules from "./InputRules.ts"
import * as Validation from "./Validation.ts"

/** How a row finds its customer: by identifier, or by one external reference pair. */
export const Match = Schema.Union([
  Schema.Struct({ identifier: Customer.Identifier }),
  Schema.Struct({ externalReference: Customer.ExternalReference })
])
export type Match = typeof Match.Type

/** One upsert: the match and the customer's create fields. */
export const Row = Schema.Struct({ match: Match, customer: Customer.CreateInput })
export type Row = typeof Row.Type

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** The customer's identifier or reference, when given beside a match on the same handle, must be the match's. */
const agreesWithMatch: InputRules.Rule = (input) => {
  if (!isObject(input) || !isObject(input.match) || !isObject(input.customer)) return []
  const { match, customer } = input
  if (typeof match.identifier === "string" && typeof customer.identifier === "string") {
    return match.identifier.trim() === customer.identifier.trim()
      ? []
      : [{ path: ["customer", "identifier"], message: "must be the identifier of match when both are given" }]
  }
  const pair = match.externalReference
  const references = customer.externalReferences
  if (isObject(pair) && typeof pair.key === "string" && isObject(references)) {
    const given = references[pair.key]
    if (typeof given === "string" && given !== pair.value) {
      return [{ path: ["customer", "externalReferences", pair.key], message: "must be the value of match when given" }]
    }
  }
  return []
}

/** The rules of a row beyond its Schema: the customer's own, and its agreement with the match. */
export const rowRules: ReadonlyArray<InputRules.Rule> = [
  InputRules.under(["customer"], ...Customer.inputRules),
  agreesWithMatch
]

/** What an upsert did to its customer. */
export const Outcome = Schema.Literals(["created", "updated", "unchanged"])
export type Outcome = typeof Outcome.Type

/** A name of the handle a match finds by, unique per tenant: `identifier:ada`, `reference:erp=1`. */
export const handleOf = (match: Match): string =>
  "identifier" in match
    ? `identifier:${match.identifier}`
    : `reference:${match.externalReference.key}=${match.externalReference.value}`

/** Whether a customer holds the handle a match finds by. */
export const isMatchedBy = (customer: Customer.Customer, match: Match): boolean =>
  "identifier" in match
    ? customer.identifier === match.identifier
    : customer.externalReferences[match.externalReference.key] === match.externalReference.value

/** The handles (identifier and reference pairs) a customer holds, named as `handleOf` names them. */
export const handlesOf = (customer: Customer.Customer): ReadonlyArray<string> => [
  handleOf({ identifier: customer.identifier }),
  ...Customer.externalReferencePairs(customer).map((externalReference) => handleOf({ externalReference }))
]

/** The create input of a row whose match finds nobody: its fields, holding the match. */
export const creation = (row: Row): Result.Result<Customer.CreateInput, Validation.InputInvalid> => {
  if ("identifier" in row.match) return Result.succeed({ ...row.customer, identifier: row.match.identifier })
  const { key, value } = row.match.externalReference
  const externalReferences = { ...row.customer.externalReferences, [key]: value }
  return Object.keys(externalReferences).length > Customer.maxExternalReferences
    ? Result.fail(
        Validation.invalid(
          ["customer", "externalReferences"],
          `would hold more than ${Customer.maxExternalReferences} entries with the match`
        )
      )
    : Result.succeed({ ...row.customer, externalReferences })
}

/** A value as text with object keys sorted, so two equal values read the same whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    isObject(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((key) => [key, inner[key]])
        )
      : inner
  )

const addressContent = (address: Address.AddressInput | Address.Address) => {
  const { id: _id, ...content } = address
  return canonical({ ...content, isDefault: address.isDefault ?? false })
}

/**
 * The create fields as a patch of `current`. An address sent without an id that equals (but for its id) the stored
 * address at its position keeps that address's id, so sending the same list again changes nothing.
 */
export const patchOf = (fields: Customer.CreateInput, current: Customer.Customer): Customer.Patch => {
  const { addresses, ...rest } = fields
  if (addresses === undefined) return rest
  return {
    ...rest,
    addresses: addresses.map((address, position) => {
      const stored = current.addresses[position]
      return address.id === undefined && stored !== undefined && addressContent(address) === addressContent(stored)
        ? { ...address, id: stored.id }
        : address
    })
  }
}

/** Whether two versions of a customer hold the same fields, apart from their version and update time. */
export const isSameContent = (a: Customer.Customer, b: Customer.Customer): boolean =>
  canonical(Customer.toJson({ ...a, version: b.version, updatedAt: b.updatedAt })) === canonical(Customer.toJson(b))

/** What an upsert does: the customer it leaves, and its outcome. */
export interface Planned {
  readonly customer: Customer.Customer
  readonly outcome: Outcome
}

/**
 * Plans an upsert over the customer its match found (if any): created from the fields, updated by them, or unchanged.
 * `addressIds` are new ids enough for the row's addresses sent without one.
 */
export const plan = (
  current: Option.Option<Customer.Customer>,
  row: Row,
  context: {
    readonly id: Customer.CustomerId
    readonly now: DateTime.Utc
    readonly addressIds: ReadonlyArray<Address.AddressId>
  }
): Result.Result<Planned, Validation.InputInvalid> => {
  if (Option.isNone(current)) {
    return Result.flatMap(creation(row), (input) =>
      Result.map(Customer.make(input, context), (customer): Planned => ({ customer, outcome: "created" }))
    )
  }
  const stored = current.value
  return Result.map(
    Customer.applyPatch(stored, patchOf(row.customer, stored), context),
    (patched): Planned =>
      isSameContent(patched, stored)
        ? { customer: stored, outcome: "unchanged" }
        : { customer: patched, outcome: "updated" }
  )
}

/** Issues of one row of a batch, their paths from the batch's input: `["rows", 3, "customer", "email"]`. */
export const underRow = (index: number, issues: ReadonlyArray<PathIssue>): ReadonlyArray<Validation.Issue> =>
  issues.map((issue) => ({ path: ["rows", index, ...issue.path], message: issue.message }))

/** At most this many rows in one `customers.upsertMany`. */
export const maxRows = 1000

/** What `customers.upsertMany` does when a row fails: write nothing (the default), or write the rows that do not. */
export const ErrorPolicy = Schema.Literals(["rejectAll", "rejectFailedRows"])
export type ErrorPolicy = typeof ErrorPolicy.Type

/**
 * The input of `customers.upsertMany` as the call decodes it: 1 to 1,000 rows, each checked on its own by the use case
 * (`Row` and `rowRules`), so one bad row fails alone under `rejectFailedRows`.
 */
export const BatchInput = Schema.Struct({
  rows: Bounded.array(
    Schema.Unknown,
    Schema.isBetweenLength(1, maxRows, { message: `must hold 1 to ${maxRows.toLocaleString("en")} rows` })
  ),
  errorPolicy: Schema.optionalKey(ErrorPolicy)
})
export type BatchInput = typeof BatchInput.Type

/** The batch input as documented: the same, with each row's schema. */
export const DocumentedBatchInput = Schema.Struct({
  rows: Schema.Array(Row).check(Schema.isBetweenLength(1, maxRows)),
  errorPolicy: Schema.optionalKey(ErrorPolicy)
})

/** What became of one row of a batch: its position, outcome, customer id, and, when it failed, why (by path). */
export interface RowResult {
  readonly index: number
  readonly outcome: Outcome | "failed"
  readonly id?: Customer.CustomerId
  readonly issues?: ReadonlyArray<Validation.Issue>
}

/** The answer of one row of a batch, as the API sends it. */
export const RowResultJson = Schema.Struct({
  index: Schema.Int,
  outcome: Schema.Literals(["created", "updated", "unchanged", "failed"]),
  id: Schema.optionalKey(Schema.String),
  issues: Schema.optionalKey(Schema.Array(Validation.Issue))
})
