import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { at, bounds, id, iso, now, withDates } from "../test/contractFixtures.ts"
import * as ContractLifecycle from "./ContractLifecycle.ts"
import * as SubscriptionContract from "./SubscriptionContract.ts"

describe("ContractLifecycle transitions", () => {
  const inState: Record<SubscriptionContract.State, ReturnType<typeof withDates>> = {
    pendingActivation: withDates({ activateAt: "2027-03-01T00:00:00Z" }),
    active: withDates({ activateAt: "2026-01-31T00:00:00Z" }),
    paused: withDates({ activateAt: "2026-01-31T00:00:00Z", pausedAt: "2027-01-10T00:00:00Z" }),
    pendingDeactivation: withDates({ activateAt: "2026-01-31T00:00:00Z", activeUntil: "2027-02-28T00:00:00Z" }),
    cancelled: withDates({ activateAt: "2026-01-31T00:00:00Z", activeUntil: "2027-01-01T00:00:00Z" })
  }
  const refused = (transition: string, state: string) => `cannot ${transition} a subscription contract that is ${state}`

  // state × transition → the state at `now` after it, or the error's message
  const table: ReadonlyArray<readonly [SubscriptionContract.State, ContractLifecycle.Transition, string]> = [
    ["pendingActivation", "cancel", "cancelled"],
    ["pendingActivation", "cancelAtPeriodEnd", refused("cancel at period end", "pending activation")],
    ["pendingActivation", "pause", refused("pause", "pending activation")],
    ["pendingActivation", "resume", refused("resume", "pending activation")],
    ["pendingActivation", "renew", refused("renew", "pending activation")],
    ["active", "cancel", "cancelled"],
    ["active", "cancelAtPeriodEnd", "pendingDeactivation"],
    ["active", "pause", "paused"],
    ["active", "resume", refused("resume", "active")],
    ["active", "renew", "active"],
    ["paused", "cancel", "cancelled"],
    ["paused", "cancelAtPeriodEnd", refused("cancel at period end", "paused")],
    ["paused", "pause", refused("pause", "paused")],
    ["paused", "resume", "active"],
    ["paused", "renew", refused("renew", "paused")],
    ["pendingDeactivation", "cancel", "cancelled"],
    ["pendingDeactivation", "cancelAtPeriodEnd", refused("cancel at period end", "pending deactivation")],
    ["pendingDeactivation", "pause", refused("pause", "pending deactivation")],
    ["pendingDeactivation", "resume", "active"],
    ["pendingDeactivation", "renew", "active"],
    ["cancelled", "cancel", refused("cancel", "cancelled")],
    ["cancelled", "cancelAtPeriodEnd", refused("cancel at period end", "cancelled")],
    ["cancelled", "pause", refused("pause", "cancelled")],
    ["cancelled", "resume", refused("resume", "cancelled")],
    ["cancelled", "renew", refused("renew", "cancelled")]
  ]

  for (const [state, transition, expected] of table) {
    it(`${transition} from ${state} → ${expected}`, () => {
      const before = inState[state]
      assert.strictEqual(before.status.state, state)
      const outcome = ContractLifecycle.transition(before, transition, now)
      if (Result.isSuccess(outcome)) {
        assert.strictEqual(outcome.success.status.state, expected)
        assert.strictEqual(outcome.success.version, before.version + 1)
        assert.strictEqual(iso(outcome.success.updatedAt), iso(now))
      } else {
        assert.strictEqual(outcome.failure.message, expected)
        assert.deepStrictEqual(
          [outcome.failure._tag, outcome.failure.id, outcome.failure.state],
          ["ContractTransitionInvalid", id, state]
        )
      }
    })
  }

  it("cancels now by ending the contract now, and keeps it in the period it ended in", () => {
    const cancelled = Result.getOrThrow(ContractLifecycle.cancel(inState.active, now))
    assert.strictEqual(iso(cancelled.status.activeUntil), iso(now))
    assert.isUndefined(cancelled.status.renewAt)
    const later = SubscriptionContract.asOf(cancelled, at("2027-06-15T00:00:00Z"))
    assert.deepStrictEqual(bounds(later.currentPeriod), ["2026-12-31T00:00:00.000Z", "2027-01-31T00:00:00.000Z"])
  })

  it("cancels at period end by ending the contract at the end of the current period", () => {
    const cancelling = Result.getOrThrow(ContractLifecycle.cancel(inState.active, now, { atPeriodEnd: true }))
    assert.strictEqual(iso(cancelling.status.activeUntil), "2027-02-28T00:00:00.000Z")
    assert.strictEqual(SubscriptionContract.asOf(cancelling, at("2027-02-28T00:00:00Z")).status.state, "cancelled")
  })

  it("resumes a pending cancellation by clearing its end and scheduling the renewal again", () => {
    const resumed = Result.getOrThrow(ContractLifecycle.resume(inState.pendingDeactivation, now))
    assert.isUndefined(resumed.status.activeUntil)
    assert.strictEqual(iso(resumed.status.renewAt), "2027-02-28T00:00:00.000Z")
  })

  it("pauses and resumes without moving the periods", () => {
    const paused = Result.getOrThrow(ContractLifecycle.pause(inState.active, now))
    assert.strictEqual(iso(paused.status.pausedAt), iso(now))
    const resumed = Result.getOrThrow(ContractLifecycle.resume(paused, at("2027-03-10T00:00:00Z")))
    assert.isUndefined(resumed.status.pausedAt)
    assert.deepStrictEqual(bounds(resumed.currentPeriod), ["2027-02-28T00:00:00.000Z", "2027-03-31T00:00:00.000Z"])
  })

  it("renews through the next period, idempotently within one period", () => {
    const renewed = Result.getOrThrow(ContractLifecycle.renew(inState.pendingDeactivation, now))
    assert.isUndefined(renewed.status.activeUntil)
    assert.strictEqual(iso(renewed.status.renewAt), "2027-03-31T00:00:00.000Z")
    const again = Result.getOrThrow(ContractLifecycle.renew(renewed, at("2027-02-10T00:00:00Z")))
    assert.strictEqual(iso(again.status.renewAt), "2027-03-31T00:00:00.000Z")
  })
})
