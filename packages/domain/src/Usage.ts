/**
 * Usage records of metered variables (PRODUCT.md §4): validation against the contract, and the idempotency decision
 * that makes retries safe (same key and payload → the original record; same key, other payload → a conflict).
 */
import { BigDecimal, DateTime, Option, Result, Schema } from "effect"
import * as Bounded from "./Bounded.ts"
import * as Decimal from "./Decimal.ts"
import * as Ids from "./Ids.ts"
import * as InputRules from "./InputRules.ts"
import * as Instant from "./Instant.ts"
import * as Validation from "./Validation.ts"

export const UsageRecordId = Schema.String.check(Ids.isId("usageRecord")).pipe(Schema.brand("UsageRecordId"))
export type UsageRecordId = typeof UsageRecordId.Type

/** A client-chosen key, 1–255 characters, that makes a retried record a no-op. */
export const IdempotencyKey = Schema.String.check(
  Schema.isBetweenLength(1, 255, { message: "must be 1 to 255 characters" })
)

const ContractId = Schema.String.check(Ids.isId("subscriptionContract"))

/** What a client sends to record usage. */
export const RecordInput = Schema.Struct({
  contractId: ContractId,
  meteredVariable: Schema.String.check(Schema.isBetweenLength(1, 64, { message: "must be 1 to 64 characters" })),
  quantity: Decimal.bounded(Decimal.quantityDigits).check(Decimal.isNonNegative),
  idempotencyKey: IdempotencyKey,
  occurredAt: Schema.optionalKey(Instant.Instant)
})
export type RecordInput = typeof RecordInput.Type

/** Why an `occurredAt` is refused at `now`, or undefined: usage cannot have occurred in the future. */
export const occurredAtProblem = (occurredAt: DateTime.Utc, now: DateTime.Utc): string | undefined =>
  DateTime.isGreaterThan(occurredAt, now) ? "must not be in the future" : undefined

/**
 * The clock rule of a record input, checked with its Schema in one pass (see `InputRules`); whether the record fits
 * its contract (metered variable, current period) needs the stored contract and is checked by `make`.
 */
export const recordRules: ReadonlyArray<InputRules.Rule> = [
  InputRules.onValue(["occurredAt"], Instant.Instant, occurredAtProblem)
]

export const maxBatch = 1000

/** Up to 1,000 records at once. */
export const BatchInput = Schema.Struct({
  records: Bounded.array(
    RecordInput,
    Schema.isBetweenLength(1, maxBatch, { message: `must hold 1 to ${maxBatch} records` })
  )
})
export type BatchInput = typeof BatchInput.Type

/** The clock rule of every record of a batch. */
export const batchRules: ReadonlyArray<InputRules.Rule> = [InputRules.under(["records", "*"], ...recordRules)]

/** A usage record as stored and as the API returns it. */
export const UsageRecord = Schema.Struct({
  id: UsageRecordId,
  contractId: ContractId,
  meteredVariable: Schema.String,
  quantity: Decimal.Decimal,
  idempotencyKey: IdempotencyKey,
  occurredAt: Schema.DateTimeUtcFromString,
  recordedAt: Schema.DateTimeUtcFromString
})
export type UsageRecord = typeof UsageRecord.Type

/** The key was used before for a record with another payload. */
export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>()("IdempotencyKeyReused", {
  key: Schema.String
}) {
  override get message() {
    return `idempotency key ${this.key} was already used for a different usage record`
  }
}

/** The contract is not in a state that takes usage (only active ones do, including those pending deactivation). */
export class UsageNotAccepted extends Schema.TaggedError<UsageNotAccepted>()("UsageNotAccepted", {
  contractId: Schema.String,
  state: Schema.String
}) {
  override get message() {
    return `subscription contract ${this.contractId} is ${this.state} and takes no usage`
  }
}

/** The states in which a contract takes usage. */
export const acceptingStates: ReadonlyArray<string> = ["active", "pendingDeactivation"]

/** What the contract tells about accepting a record: its metered variables and its current period. */
export interface Acceptance {
  readonly meteredVariables: ReadonlyArray<string>
  readonly period: { readonly start: DateTime.Utc; readonly end: DateTime.Utc }
}

/** Checks a record against its contract and the clock, and makes it; `occurredAt` defaults to now. */
export const make = (
  input: RecordInput,
  acceptance: Acceptance,
  context: { readonly id: UsageRecordId; readonly now: DateTime.Utc; readonly path?: ReadonlyArray<string | number> }
): Result.Result<UsageRecord, Validation.InputInvalid> => {
  const path = context.path ?? []
  const occurredAt = input.occurredAt ?? context.now
  const issues: Array<Validation.Issue> = []
  if (!acceptance.meteredVariables.includes(input.meteredVariable)) {
    issues.push({
      path: [...path, "meteredVariable"],
      message: `must be one of the contract's metered variables: ${acceptance.meteredVariables.join(", ") || "none"}`
    })
  }
  const future = occurredAtProblem(occurredAt, context.now)
  if (future !== undefined) {
    issues.push({ path: [...path, "occurredAt"], message: future })
  } else if (
    DateTime.isLessThan(occurredAt, acceptance.period.start) ||
    DateTime.isGreaterThanOrEqualTo(occurredAt, acceptance.period.end)
  ) {
    issues.push({ path: [...path, "occurredAt"], message: "must be inside the contract's current period" })
  }
  if (issues.length > 0) return Result.fail(new Validation.InputInvalid({ issues }))
  return Result.succeed({
    id: context.id,
    contractId: input.contractId,
    meteredVariable: input.meteredVariable,
    quantity: input.quantity,
    idempotencyKey: input.idempotencyKey,
    occurredAt,
    recordedAt: context.now
  })
}

/** Whether a retried input carries the same payload as the record stored under its key. */
export const isSamePayload = (stored: UsageRecord, input: RecordInput): boolean =>
  stored.contractId === input.contractId &&
  stored.meteredVariable === input.meteredVariable &&
  BigDecimal.equals(stored.quantity, input.quantity) &&
  (input.occurredAt === undefined || DateTime.Equivalence(stored.occurredAt, input.occurredAt))

/** The idempotency decision: record anew, replay the stored record, or refuse a reused key. */
export const decide = (
  stored: Option.Option<UsageRecord>,
  input: RecordInput
): Result.Result<
  { readonly _tag: "New" } | { readonly _tag: "Replay"; readonly record: UsageRecord },
  IdempotencyKeyReused
> =>
  Option.match(stored, {
    onNone: () => Result.succeed({ _tag: "New" as const }),
    onSome: (record) =>
      isSamePayload(record, input)
        ? Result.succeed({ _tag: "Replay" as const, record })
        : Result.fail(new IdempotencyKeyReused({ key: input.idempotencyKey }))
  })

/** The record as JSON, exactly as the API returns it. */
const encodeUsageRecord = Schema.encodeSync(UsageRecord)
export const toJson = (value: typeof UsageRecord.Type): typeof UsageRecord.Encoded => encodeUsageRecord(value)
