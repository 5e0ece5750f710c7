/**
 * Subscription contracts for the contract and lifecycle tests: a monthly metered contract activated on Jan 31st 2027,
 * and contracts with given status dates.
 */
import { DateTime, Effect } from "effect"
import type * as Period from "../src/Period.ts"
import * as SubscriptionContract from "../src/SubscriptionContract.ts"
import * as Validation from "../src/Validation.ts"
export const at = (iso: string) => DateTime.makeUnsafe(iso)
export const iso = (instant: DateTime.Utc | undefined) =>
  instant === undefined ? undefined : DateTime.formatIso(instant)
export const bounds = (period: Period.Period) => [iso(period.start), iso(period.end)]

export const id = "sub_01JBZ0000000000000000000AA" as SubscriptionContract.SubscriptionContractId
export const now = at("2027-01-31T00:00:00Z")

export const monthlyPhase = {
  price: "99.5",
  period: 1,
  unit: "month",
  meteredVariables: [
    {
      identifier: "api.calls",
      name: "API calls",
      unit: "call",
      tierType: "graduated",
      tiers: [
        { threshold: "0", unitPrice: "0" },
        { threshold: "1000", unitPrice: "0.01" }
      ]
    }
  ]
}

export const createJson = {
  customerId: "cus_01JBZ0000000000000000000AA",
  plan: { identifier: "pro", name: "Pro" },
  item: { sku: "pro-monthly", name: "Pro, monthly", quantity: 1 },
  currency: "EUR",
  recurring: monthlyPhase,
  meta: { source: "test" }
}

export const decodeCreate = Validation.decode(SubscriptionContract.CreateInput)
export const issuesOf = (input: unknown) =>
  Effect.runSync(decodeCreate(input).pipe(Effect.flip)).issues.map((i) => `${i.path.join(".")}: ${i.message}`)
export const create = (overrides: Record<string, unknown> = {}, createdAt = now) =>
  SubscriptionContract.make(Effect.runSync(decodeCreate({ ...createJson, ...overrides })), { id, now: createdAt })

/** A contract with the given status dates, for the state and transition tables. */
export const withDates = (dates: Partial<Record<"activateAt" | "activeUntil" | "pausedAt", string>>) => {
  const contract = create({ activateAt: "2026-01-31T00:00:00.000Z" }, at("2026-01-01T00:00:00Z"))
  const status: SubscriptionContract.Status = { state: "active", renewAt: contract.currentPeriod.end }
  for (const [key, value] of Object.entries(dates)) Object.assign(status, { [key]: at(value) })
  return SubscriptionContract.asOf({ ...contract, status }, now)
}
