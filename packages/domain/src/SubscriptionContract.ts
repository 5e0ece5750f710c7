/**
 * Subscription contracts (PRODUCT.md §4): the record and its create and patch inputs, the state derived from the
 * status dates as in Crystallize, the explicit transitions (cancel, pause, resume, renew) and the phase schedule.
 *
 * Status dates: `activateAt` starts the contract and anchors its periods; `renewAt` is when it next renews (the end of
 * the current period, or a later period end after `renew`), absent once cancelled; `activeUntil` is when it ends;
 * `pausedAt` is when it was paused. The stored `state` and `currentPeriod` are as of the last write: `asOf` brings
 * them to a given instant, and reads should show contracts through it.
 */
import { DateTime, Option, Result, Schema } from "effect"
import * as Bounded from "./Bounded.ts"
import * as Contact from "./Contact.ts"
import * as Currency from "./Currency.ts"
import * as Customer from "./Customer.ts"
import * as Decimal from "./Decimal.ts"
import * as Ids from "./Ids.ts"
import * as InputRules from "./InputRules.ts"
import * as Instant from "./Instant.ts"
import * as Metadata from "./Metadata.ts"
import * as Period from "./Period.ts"
import * as Pricing from "./Pricing.ts"
import * as Validation from "./Validation.ts"
import * as Version from "./Version.ts"

export const SubscriptionContractId = Schema.String.check(Ids.isId("subscriptionContract")).pipe(
  Schema.brand("SubscriptionContractId")
)
export type SubscriptionContractId = typeof SubscriptionContractId.Type

/** A machine name (plan or metered variable identifier): 1–64 characters of `A-Za-z0-9_.-`. */
export const Identifier = Schema.Trim.check(
  Schema.isBetweenLength(1, 64, { message: "must be 1 to 64 characters" }),
  Schema.isPattern(/^[A-Za-z0-9_.-]*$/, { message: "may hold only letters, digits and _ . -" })
)

/** A usage-priced quantity of a phase, e.g. API calls priced on tiers. */
export const MeteredVariable = Schema.Struct({
  identifier: Identifier,
  name: Contact.Name,
  unit: Contact.Text(1, 64),
  tierType: Pricing.TierType.annotate({ message: "must be graduated or volume" }),
  tiers: Pricing.Tiers
})
export type MeteredVariable = typeof MeteredVariable.Type

export const maxMeteredVariables = 50

const repeated = (values: ReadonlyArray<string>): ReadonlyArray<string> => [
  ...new Set(values.filter((value, i) => values.indexOf(value) !== i))
]

/** Why metered variables are refused as a list, or undefined: an identifier is repeated. */
const identifiersProblem = (variables: ReadonlyArray<{ readonly identifier: string }>): string | undefined => {
  const twice = repeated(variables.map((variable) => variable.identifier))
  return twice.length === 0 ? undefined : `metered variable identifiers must be unique: ${twice.join(", ")} is repeated`
}

/** The terms of a phase: a base price per period of `period` units, and its metered variables. */
export const Phase = Schema.Struct({
  price: Decimal.boundedAmount(Decimal.amountDigits).check(Decimal.isNonNegative),
  period: Schema.Number.check(
    Schema.isInt({ message: "must be a whole number" }),
    Schema.isBetween({ minimum: 1, maximum: 1000 }, { message: "must be from 1 to 1000" })
  ),
  unit: Period.Unit,
  meteredVariables: Bounded.array(
    MeteredVariable,
    Schema.isMaxLength(maxMeteredVariables, { message: `must hold at most ${maxMeteredVariables} metered variables` })
  ).check(Schema.makeFilter((variables: ReadonlyArray<MeteredVariable>) => identifiersProblem(variables) ?? true))
})
export type Phase = typeof Phase.Type

/**
 * The list rules of the phases of an input beyond their Schema, checked with it in one pass (see `InputRules`):
 * metered variable identifiers unique within a phase, tier thresholds distinct within a metered variable.
 */
export const inputRules: ReadonlyArray<InputRules.Rule> = ["initial", "recurring"].flatMap((phase) => [
  InputRules.onItems([phase, "meteredVariables"], Schema.Struct({ identifier: Identifier }), identifiersProblem),
  Pricing.tiersRule([phase, "meteredVariables", "*", "tiers"])
])

export const State = Schema.Literals(["pendingActivation", "active", "paused", "pendingDeactivation", "cancelled"])
export type State = typeof State.Type

/** An instant Patron stored or computed (a period end may lie past the inputs' 9999-12-31). */
const Stored = Schema.DateTimeUtcFromString

/** The state and the dates it is derived from. */
export const Status = Schema.Struct({
  state: State,
  activateAt: Schema.optionalKey(Stored),
  renewAt: Schema.optionalKey(Stored),
  activeUntil: Schema.optionalKey(Stored),
  pausedAt: Schema.optionalKey(Stored)
})
export type Status = typeof Status.Type

/** The plan a contract subscribes to. */
export const Plan = Schema.Struct({ identifier: Identifier, name: Contact.Name })
export type Plan = typeof Plan.Type

/** The product item subscribed to. */
export const Item = Schema.Struct({
  sku: Contact.Text(1, 200),
  name: Contact.Name,
  quantity: Schema.Number.check(
    Schema.isInt({ message: "must be a whole number" }),
    Schema.isGreaterThanOrEqualTo(1, { message: "must be 1 or more" })
  )
})
export type Item = typeof Item.Type

/** The subscription contract as stored and as the API returns it. */
export const SubscriptionContract = Schema.Struct({
  id: SubscriptionContractId,
  customerId: Customer.CustomerId,
  plan: Plan,
  item: Item,
  currency: Currency.CurrencyCode,
  initial: Schema.optionalKey(Phase),
  recurring: Phase,
  status: Status,
  currentPeriod: Period.Period,
  meta: Metadata.Meta,
  createdAt: Stored,
  updatedAt: Stored,
  version: Version.Version
})
export type SubscriptionContract = typeof SubscriptionContract.Type
export type SubscriptionContractJson = typeof SubscriptionContract.Encoded

/** What a client sends to create a contract; `activateAt` defaults to now and may lie in the past or future. */
export const CreateInput = Schema.Struct({
  customerId: Customer.CustomerId,
  plan: Plan,
  item: Item,
  currency: Currency.CurrencyCode,
  initial: Schema.optionalKey(Phase),
  recurring: Phase,
  activateAt: Schema.optionalKey(Instant.Instant),
  meta: Schema.optionalKey(Metadata.Meta)
})
export type CreateInput = typeof CreateInput.Type

/** A change to a contract: plan and item fields merge, phases are replaced whole, `initial: null` removes it. */
export const PatchInput = Schema.Struct({
  plan: Schema.optionalKey(
    Schema.Struct({ identifier: Schema.optionalKey(Identifier), name: Schema.optionalKey(Contact.Name) })
  ),
  item: Schema.optionalKey(
    Schema.Struct({
      sku: Schema.optionalKey(Item.fields.sku),
      name: Schema.optionalKey(Item.fields.name),
      quantity: Schema.optionalKey(Item.fields.quantity)
    })
  ),
  initial: Schema.optionalKey(Schema.NullOr(Phase)),
  recurring: Schema.optionalKey(Phase),
  meta: Schema.optionalKey(Metadata.MetaPatch)
})
export type PatchInput = typeof PatchInput.Type

/** No subscription contract of this tenant has the id. */
export class SubscriptionContractNotFound extends Schema.TaggedError<SubscriptionContractNotFound>()(
  "SubscriptionContractNotFound",
  { id: Schema.String }
) {
  override get message() {
    return `subscription contract ${this.id} not found`
  }
}

type StatusDates = Pick<Status, "activateAt" | "activeUntil" | "pausedAt">

/** The state at `now`, from the dates alone: the first of these rules that holds wins. */
export const stateAt = (status: StatusDates, now: DateTime.Utc): State => {
  if (status.activeUntil !== undefined) {
    return DateTime.isLessThanOrEqualTo(status.activeUntil, now) ? "cancelled" : "pendingDeactivation"
  }
  if (status.pausedAt !== undefined) return "paused"
  if (status.activateAt !== undefined && DateTime.isGreaterThan(status.activateAt, now)) return "pendingActivation"
  return "active"
}

type Schedule = Pick<SubscriptionContract, "initial" | "recurring" | "status" | "createdAt">

/** Which phase applies at an instant, with its terms and the period of it that holds the instant. */
export interface ActivePhase {
  readonly name: "initial" | "recurring"
  readonly phase: Phase
  readonly period: Period.Period
}

/**
 * The phase and period holding `instant`. The initial phase is one period of its own length from `activateAt`; the
 * recurring periods are laid out from the end of it (or from `activateAt` when there is none). Before activation it is
 * the first period.
 */
/** The phase and period an instant falls in under the contract's schedule. */
export const phaseAt = (contract: Schedule, instant: DateTime.Utc): ActivePhase => {
  const activateAt = contract.status.activateAt ?? contract.createdAt
  let recurringStart = activateAt
  if (contract.initial !== undefined) {
    const period = Period.nth(activateAt, contract.initial, 0)
    if (DateTime.isLessThan(instant, period.end)) return { name: "initial", phase: contract.initial, period }
    recurringStart = period.end
  }
  const period = DateTime.isLessThan(instant, recurringStart)
    ? Period.nth(recurringStart, contract.recurring, 0)
    : Period.currentPeriod(recurringStart, contract.recurring, instant)
  return { name: "recurring", phase: contract.recurring, period }
}

/** A contract that has ended stays in the period it ended in. */
const referenceInstant = (status: StatusDates, now: DateTime.Utc): DateTime.Utc =>
  status.activeUntil !== undefined && DateTime.isLessThanOrEqualTo(status.activeUntil, now)
    ? DateTime.subtract(status.activeUntil, { milliseconds: 1 })
    : now

/** The phase that applies at `now` (the last one of an ended contract, the first before activation). */
export const activePhase = (contract: Schedule, now: DateTime.Utc): ActivePhase =>
  phaseAt(contract, referenceInstant(contract.status, now))

/** The period holding `now`: the first before activation, the last for an ended contract. */
export const currentPeriod = (contract: Schedule, now: DateTime.Utc): Period.Period => activePhase(contract, now).period

/** The period before the current one, in whichever phase it lies; none while the current period is the first. */
export const previousPeriod = (contract: Schedule, now: DateTime.Utc): Option.Option<Period.Period> => {
  const current = currentPeriod(contract, now)
  const activateAt = contract.status.activateAt ?? contract.createdAt
  return DateTime.isLessThanOrEqualTo(current.start, activateAt)
    ? Option.none()
    : Option.some(phaseAt(contract, DateTime.subtract(current.start, { milliseconds: 1 })).period)
}

/** The contract as at `now`: state derived, current period and `renewAt` moved forward. A view, not a change. */
export const asOf = (contract: SubscriptionContract, now: DateTime.Utc): SubscriptionContract => {
  const period = currentPeriod(contract, now)
  const { renewAt } = contract.status
  return {
    ...contract,
    status: {
      ...contract.status,
      state: stateAt(contract.status, now),
      ...(renewAt === undefined ? {} : { renewAt: DateTime.max(renewAt, period.end) })
    },
    currentPeriod: period
  }
}

const phaseInMinorUnits = (phase: Phase, currency: string): Phase => ({
  ...phase,
  price: Currency.unitPrice(phase.price, currency),
  meteredVariables: phase.meteredVariables.map((variable) => ({
    ...variable,
    tiers: variable.tiers.map((tier) => ({ ...tier, unitPrice: Currency.unitPrice(tier.unitPrice, currency) }))
  }))
})

/**
 * The contract with its prices written with at least the currency's minor-unit digits (see `Currency`); contracts
 * stored before this rule read back the same way.
 */
export const inMinorUnits = (contract: SubscriptionContract): SubscriptionContract => {
  const { initial, ...rest } = contract
  return {
    ...rest,
    ...(initial === undefined ? {} : { initial: phaseInMinorUnits(initial, contract.currency) }),
    recurring: phaseInMinorUnits(contract.recurring, contract.currency)
  }
}

/** Builds a new contract from a decoded create input: version 1, active from `activateAt` (default now). */
export const make = (
  input: CreateInput,
  context: { readonly id: SubscriptionContractId; readonly now: DateTime.Utc }
): SubscriptionContract => {
  const { activateAt, meta, ...terms } = input
  const { id, now } = context
  const status = { state: "active" as State, activateAt: activateAt ?? now }
  const schedule = { ...terms, status, createdAt: now }
  const currentPeriod_ = currentPeriod(schedule, now)
  return asOf(
    inMinorUnits({
      ...schedule,
      id,
      status: { ...status, renewAt: currentPeriod_.end },
      currentPeriod: currentPeriod_,
      meta: meta ?? {},
      updatedAt: now,
      version: 1
    }),
    now
  )
}

/** The contract after a change at `now`: version + 1, `updatedAt = now`, state and period as of now. */
export const changed = (contract: SubscriptionContract, now: DateTime.Utc): SubscriptionContract =>
  asOf({ ...contract, version: contract.version + 1, updatedAt: now }, now)

/** Applies a patch: merges plan, item and meta, replaces or removes phases, bumps the version and `updatedAt`. */
export const applyPatch = (
  contract: SubscriptionContract,
  patch: PatchInput,
  now: DateTime.Utc
): Result.Result<SubscriptionContract, Validation.InputInvalid> => {
  const meta = patch.meta === undefined ? contract.meta : Metadata.applyPatch(contract.meta, patch.meta)
  if (Object.keys(meta).length > Metadata.maxMetaEntries) {
    return Result.fail(Validation.invalid(["meta"], `would hold more than ${Metadata.maxMetaEntries} entries`))
  }
  const { initial, ...rest } = contract
  const nextInitial = patch.initial === undefined ? initial : (patch.initial ?? undefined)
  const patched: SubscriptionContract = {
    ...rest,
    ...(nextInitial === undefined ? {} : { initial: nextInitial }),
    plan: { ...contract.plan, ...patch.plan },
    item: { ...contract.item, ...patch.item },
    recurring: patch.recurring ?? contract.recurring,
    meta
  }
  // New phases lay the periods out anew: the next renewal is the end of the period now current under them.
  const isRescheduled = patch.initial !== undefined || patch.recurring !== undefined
  const status =
    isRescheduled && patched.status.renewAt !== undefined
      ? { ...patched.status, renewAt: currentPeriod(patched, now).end }
      : patched.status
  return Result.succeed(changed(inMinorUnits({ ...patched, status }), now))
}

/** The contract as JSON, exactly as the API returns it and webhooks carry it. */
const encodeSubscriptionContract = Schema.encodeSync(SubscriptionContract)
export const toJson = (value: typeof SubscriptionContract.Type): typeof SubscriptionContract.Encoded =>
  encodeSubscriptionContract(inMinorUnits(value))
