/**
 * Usage use cases: recording (idempotent, one record or a batch of up to 1,000 all-or-nothing) and the priced summary
 * of a period with its forecast.
 */
import { DateTime, Effect, Option, Result } from "effect"
import { Ids } from "../Ids.ts"
import { Transactions } from "../ports/Transactions.ts"
import { UsageRepository } from "../ports/UsageRepository.ts"
import * as SubscriptionContract from "../SubscriptionContract.ts"
import { CurrentTenant } from "../Tenant.ts"
import * as Usage from "../Usage.ts"
import * as UsageSummary from "../UsageSummary.ts"
import * as Validation from "../Validation.ts"
import * as SubscriptionContracts from "./SubscriptionContracts.ts"

const acceptance = Effect.fnUntraced(function* (contractId: string, now: DateTime.Utc) {
  const contract = yield* SubscriptionContracts.get(contractId)
  const state = SubscriptionContract.stateAt(contract.status, now)
  if (!Usage.acceptingStates.includes(state)) return yield* new Usage.UsageNotAccepted({ contractId, state })
  const active = SubscriptionContract.activePhase(contract, now)
  return {
    meteredVariables: active.phase.meteredVariables.map((variable) => variable.identifier),
    period: active.period
  } satisfies Usage.Acceptance
})

/** Records the inputs in one transaction: replays known keys, refuses reused ones, fails whole on any bad record. */
const recordAll = Effect.fnUntraced(function* (inputs: ReadonlyArray<Usage.RecordInput>, isBatch: boolean) {
  const tenant = yield* CurrentTenant
  const repository = yield* UsageRepository
  const ids = yield* Ids
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const now = yield* DateTime.now
      const acceptances = new Map<string, Usage.Acceptance>()
      const planned: Array<Usage.UsageRecord | { readonly replay: Usage.UsageRecord }> = []
      const issues: Array<Validation.Issue> = []
      for (const [index, input] of inputs.entries()) {
        const stored = yield* repository.findByKey(tenant.id, input.contractId, input.idempotencyKey)
        const decision = yield* Effect.fromResult(Usage.decide(stored, input))
        if (decision._tag === "Replay") {
          planned.push({ replay: decision.record })
          continue
        }
        const known = acceptances.get(input.contractId)
        const accepts = known ?? (yield* acceptance(input.contractId, now))
        acceptances.set(input.contractId, accepts)
        const id = (yield* ids.make("usageRecord")) as Usage.UsageRecordId
        const made = Usage.make(input, accepts, { id, now, path: isBatch ? ["records", index] : [] })
        if (Result.isFailure(made)) issues.push(...made.failure.issues)
        else planned.push(made.success)
      }
      if (issues.length > 0) return yield* new Validation.InputInvalid({ issues: Validation.capped(issues) })
      // Keys are taken in one order in every transaction, so two batches with the same keys cannot deadlock.
      const sortKey = (index: number) => {
        const input = inputs[index] as Usage.RecordInput
        return `${input.contractId}\u0000${input.idempotencyKey}`
      }
      const order = [...planned.keys()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
      const records = new Map<number, Usage.UsageRecord>()
      for (const index of order) {
        const entry = planned[index] as (typeof planned)[number]
        if ("replay" in entry) {
          records.set(index, entry.replay)
          continue
        }
        const stored = yield* repository.insert(tenant.id, entry)
        // A concurrent request (or an earlier record of this batch) stored the key first: decide against it.
        if (stored.id !== entry.id) {
          yield* Effect.fromResult(Usage.decide(Option.some(stored), inputs[index] as Usage.RecordInput))
        }
        records.set(index, stored)
      }
      return [...planned.keys()].map((index) => records.get(index) as Usage.UsageRecord)
    })
  )
})

/** Records usage of a metered variable; the same key with the same payload returns the original record. */
export const record = Effect.fn("UsageRecords.record")(function* (input: Usage.RecordInput) {
  const [stored] = yield* recordAll([input], false)
  return stored as Usage.UsageRecord
})

/** Records up to 1,000 usage records at once, all or none. */
export const recordBatch = Effect.fn("UsageRecords.recordBatch")(function* (input: Usage.BatchInput) {
  return { records: yield* recordAll(input.records, true) }
})

/** The priced usage of a period with the forecast to its end. */
export const summary = Effect.fn("UsageRecords.summary")(function* (input: UsageSummary.SummaryInput) {
  const tenant = yield* CurrentTenant
  const contract = yield* SubscriptionContracts.get(input.contractId)
  const now = yield* DateTime.now
  const choice = input.period ?? "current"
  const active = SubscriptionContract.activePhase(contract, now)
  const period =
    choice === "current"
      ? active.period
      : choice === "previous"
        ? yield* Effect.fromOption(SubscriptionContract.previousPeriod(contract, now)).pipe(
            Effect.mapError(() => Validation.invalid(["period"], "the contract has no previous period yet"))
          )
        : choice
  const phase = SubscriptionContract.activePhase(contract, DateTime.subtract(period.end, { milliseconds: 1 })).phase
  const historyStart = DateTime.subtract(period.start, { days: UsageSummary.historyDays })
  const dailyTotals = yield* (yield* UsageRepository).dailyTotals(tenant.id, contract.id, {
    from: historyStart,
    to: period.end
  })
  const status = contract.status
  // The period before this one is the forecast's prior; none while this is the contract's first.
  const activeFrom = status.activateAt ?? contract.createdAt
  const before = DateTime.isGreaterThan(period.start, activeFrom)
    ? SubscriptionContract.phaseAt(contract, DateTime.subtract(period.start, { milliseconds: 1 }))
    : undefined
  return UsageSummary.summarize({
    ...(status.activeUntil === undefined ? {} : { activeUntil: status.activeUntil }),
    ...(before === undefined
      ? {}
      : {
          previousPeriod: {
            ...before.period,
            meteredVariables: before.phase.meteredVariables.map((variable) => variable.identifier)
          }
        }),
    activeFrom,
    isPaused: SubscriptionContract.stateAt(status, now) === "paused",
    contractId: contract.id,
    currency: contract.currency,
    basePrice: phase.price,
    meteredVariables: phase.meteredVariables,
    period,
    dailyTotals,
    historyStart,
    now
  })
})
