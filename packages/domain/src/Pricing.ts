/**
 * Tier pricing of a metered quantity (PRODUCT.md §4), exact with BigDecimal.
 * Graduated: every band is charged at its own unit price. Volume: the whole billable quantity is charged at the unit
 * price of the highest tier reached, after the free usage granted by zero-price tiers.
 */
import { BigDecimal, Schema } from "effect"
import * as Bounded from "./Bounded.ts"
import * as Decimal from "./Decimal.ts"
import * as InputRules from "./InputRules.ts"

/** A tier: from `threshold` (inclusive) up to the next tier's threshold, each unit costs `unitPrice`. */
export const Tier = Schema.Struct({
  threshold: Decimal.bounded(Decimal.quantityDigits).check(Decimal.isNonNegative),
  unitPrice: Decimal.boundedAmount(Decimal.unitPriceDigits).check(Decimal.isNonNegative)
})
export type Tier = typeof Tier.Type

export const TierType = Schema.Literals(["graduated", "volume"])
export type TierType = typeof TierType.Type

export const maxTiers = 100

/** Why tiers are refused as a list, or undefined: two tiers share a threshold. */
export const thresholdsProblem = (tiers: ReadonlyArray<Pick<Tier, "threshold">>): string | undefined =>
  new Set(tiers.map((tier) => Decimal.format(tier.threshold))).size === tiers.length
    ? undefined
    : "thresholds must be distinct"

/** One to 100 tiers with distinct thresholds. */
export const Tiers = Bounded.array(
  Tier,
  Schema.isBetweenLength(1, maxTiers, { message: `must hold 1 to ${maxTiers} tiers` })
).check(Schema.makeFilter((tiers: ReadonlyArray<Tier>) => thresholdsProblem(tiers) ?? true))

/** The list rule of the tiers at `pattern`, over the tiers whose threshold decodes (see `InputRules.onItems`). */
export const tiersRule = (pattern: InputRules.Pattern): InputRules.Rule =>
  InputRules.onItems(pattern, Schema.Struct({ threshold: Tier.fields.threshold }), thresholdsProblem)

/** How much of a quantity fell in one tier and what it cost. */
export interface TierLine {
  readonly threshold: Decimal.Decimal
  readonly unitPrice: Decimal.Decimal
  readonly quantity: Decimal.Decimal
  readonly amount: Decimal.Decimal
}

/** The price of a quantity with the breakdown per tier. */
export interface Priced {
  readonly price: Decimal.Decimal
  readonly tiers: ReadonlyArray<TierLine>
}

/** Tiers sorted by threshold, with the implicit free tier `{0, 0}` when the first threshold is above 0. */
export const normalize = (tiers: ReadonlyArray<Tier>): ReadonlyArray<Tier> => {
  const sorted = [...tiers].sort((a, b) => BigDecimal.Order(a.threshold, b.threshold))
  const first = sorted[0]
  return first === undefined || BigDecimal.isPositive(first.threshold)
    ? [{ threshold: Decimal.zero, unitPrice: Decimal.zero }, ...sorted]
    : sorted
}

const line = (tier: Tier, quantity: Decimal.Decimal): TierLine => ({
  threshold: tier.threshold,
  unitPrice: tier.unitPrice,
  quantity,
  amount: BigDecimal.multiply(quantity, tier.unitPrice)
})

/** Graduated pricing: Σ over bands [tᵢ, tᵢ₊₁) of (quantity in the band × unitPriceᵢ). */
export const graduated = (tiers: ReadonlyArray<Tier>, quantity: Decimal.Decimal): Priced => {
  const sorted = normalize(tiers)
  const lines = sorted.map((tier, i) => {
    const next = sorted[i + 1]
    const upper = next === undefined ? quantity : BigDecimal.min(quantity, next.threshold)
    return line(tier, BigDecimal.max(Decimal.zero, BigDecimal.subtract(upper, tier.threshold)))
  })
  return { price: Decimal.sum(lines.map((l) => l.amount)), tiers: lines }
}

/**
 * Volume pricing: unitPrice of the highest tier with threshold ≤ quantity × (quantity − freeUsage), where freeUsage is
 * the threshold of the tier after the last zero-price tier below the one reached (0 when none is free).
 */
export const volume = (tiers: ReadonlyArray<Tier>, quantity: Decimal.Decimal): Priced => {
  const sorted = normalize(tiers)
  let reached = 0
  sorted.forEach((tier, i) => {
    if (BigDecimal.isLessThanOrEqualTo(tier.threshold, quantity)) reached = i
  })
  let freeUsage = Decimal.zero
  for (let i = 0; i < reached; i++) {
    const tier = sorted[i] as Tier
    const next = sorted[i + 1] as Tier
    if (BigDecimal.isZero(tier.unitPrice)) freeUsage = next.threshold
  }
  const billable = BigDecimal.max(Decimal.zero, BigDecimal.subtract(quantity, freeUsage))
  const lines = sorted.map((tier, i) => line(tier, i === reached ? billable : Decimal.zero))
  return { price: (lines[reached] as TierLine).amount, tiers: lines }
}

/** Prices a quantity on tiers of either type. */
export const price = (tierType: TierType, tiers: ReadonlyArray<Tier>, quantity: Decimal.Decimal): Priced =>
  tierType === "graduated" ? graduated(tiers, quantity) : volume(tiers, quantity)
