/**
 * The lifecycle of a subscription contract: the explicit transitions (cancel now or at period end, pause, resume,
 * renew), each refused with a typed error naming the contract's state when it does not apply.
 */
import type { DateTime } from "effect"
import { Result, Schema } from "effect"
import {
  changed,
  currentPeriod,
  phaseAt,
  type State,
  State as StateSchema,
  type Status,
  type SubscriptionContract,
  stateAt
} from "./SubscriptionContract.ts"

/** A change of state a client can ask for; `cancelAtPeriodEnd` is `cancel { atPeriodEnd: true }`. */
export const Transition = Schema.Literals(["cancel", "cancelAtPeriodEnd", "pause", "resume", "renew"])
export type Transition = typeof Transition.Type

const stateWords: Record<State, string> = {
  pendingActivation: "pending activation",
  active: "active",
  paused: "paused",
  pendingDeactivation: "pending deactivation",
  cancelled: "cancelled"
}

const transitionWords: Record<Transition, string> = {
  cancel: "cancel",
  cancelAtPeriodEnd: "cancel at period end",
  pause: "pause",
  resume: "resume",
  renew: "renew"
}

/** The transition is not allowed in the contract's current state. */
export class ContractTransitionInvalid extends Schema.TaggedError<ContractTransitionInvalid>()(
  "ContractTransitionInvalid",
  { id: Schema.String, state: StateSchema, transition: Transition }
) {
  override get message() {
    return `cannot ${transitionWords[this.transition]} a subscription contract that is ${stateWords[this.state]}`
  }
}

const withStatus = (contract: SubscriptionContract, status: Status): SubscriptionContract => ({ ...contract, status })

const without = (status: Status, key: "renewAt" | "activeUntil" | "pausedAt"): Status => {
  const rest = { ...status }
  delete rest[key]
  return rest
}

const refuse = (contract: SubscriptionContract, state: State, transition: Transition) =>
  Result.fail(new ContractTransitionInvalid({ id: contract.id, state, transition }))

type Outcome = Result.Result<SubscriptionContract, ContractTransitionInvalid>

/**
 * Cancels now (`activeUntil = now`) or at the end of the current period; either way it will not renew. Refused when
 * already cancelled. At period end only an active contract can be cancelled: a pending deactivation already ends
 * (cancel now to bring the end forward), and a paused or not yet active contract would read as pending deactivation,
 * taking usage while paused or renewing before it starts (cancel it now instead).
 */
export const cancel = (
  contract: SubscriptionContract,
  now: DateTime.Utc,
  options: { readonly atPeriodEnd?: boolean | undefined } = {}
): Outcome => {
  const state = stateAt(contract.status, now)
  const transition = options.atPeriodEnd ? "cancelAtPeriodEnd" : "cancel"
  if (state === "cancelled" || (transition === "cancelAtPeriodEnd" && state !== "active")) {
    return refuse(contract, state, transition)
  }
  const activeUntil = transition === "cancelAtPeriodEnd" ? currentPeriod(contract, now).end : now
  return Result.succeed(changed(withStatus(contract, { ...without(contract.status, "renewAt"), activeUntil }), now))
}

/** Pauses an active contract; its periods keep running from the same anchor. */
export const pause = (contract: SubscriptionContract, now: DateTime.Utc): Outcome => {
  const state = stateAt(contract.status, now)
  if (state !== "active") return refuse(contract, state, "pause")
  return Result.succeed(changed(withStatus(contract, { ...contract.status, pausedAt: now }), now))
}

/** Resumes a paused contract (clears `pausedAt`), or withdraws a pending cancellation (clears `activeUntil`). */
export const resume = (contract: SubscriptionContract, now: DateTime.Utc): Outcome => {
  const state = stateAt(contract.status, now)
  if (state === "paused")
    return Result.succeed(changed(withStatus(contract, without(contract.status, "pausedAt")), now))
  if (state !== "pendingDeactivation") return refuse(contract, state, "resume")
  const kept = withStatus(contract, without(contract.status, "activeUntil"))
  const renewAt = currentPeriod(kept, now).end
  return Result.succeed(changed(withStatus(kept, { ...kept.status, renewAt }), now))
}

/**
 * Renews an active or pending-deactivation contract through the next period: clears `activeUntil` and sets `renewAt`
 * to the end of the period after the current one (in whichever phase it lies). Renewing twice in one period is
 * idempotent apart from the version.
 */
export const renew = (contract: SubscriptionContract, now: DateTime.Utc): Outcome => {
  const state = stateAt(contract.status, now)
  if (state !== "active" && state !== "pendingDeactivation") return refuse(contract, state, "renew")
  const kept = withStatus(contract, without(contract.status, "activeUntil"))
  const renewAt = phaseAt(kept, currentPeriod(kept, now).end).period.end
  return Result.succeed(changed(withStatus(kept, { ...kept.status, renewAt }), now))
}

/** Applies a transition by name. */
export const transition = (contract: SubscriptionContract, name: Transition, now: DateTime.Utc): Outcome => {
  switch (name) {
    case "cancel":
      return cancel(contract, now)
    case "cancelAtPeriodEnd":
      return cancel(contract, now, { atPeriodEnd: true })
    case "pause":
      return pause(contract, now)
    case "resume":
      return resume(contract, now)
    case "renew":
      return renew(contract, now)
  }
}
