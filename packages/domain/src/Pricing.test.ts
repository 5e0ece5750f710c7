import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Schema } from "effect"
import * as Decimal from "./Decimal.ts"
import * as Pricing from "./Pricing.ts"

const tiers = (...pairs: ReadonlyArray<readonly [string, string]>): ReadonlyArray<Pricing.Tier> =>
  pairs.map(([threshold, unitPrice]) => ({ threshold: Decimal.of(threshold), unitPrice: Decimal.of(unitPrice) }))

const crystallizeExample = tiers(["0", "0"], ["10", "5"], ["30", "3"])

const ArbitraryTiers = Schema.Array(
  Schema.Struct({
    threshold: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1000 })),
    unitPrice: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 100 }))
  })
).check(Schema.isBetweenLength(1, 6))
const toTiers = (raw: ReadonlyArray<{ threshold: number; unitPrice: number }>) => {
  const unique = new Map(raw.map((t) => [t.threshold, t.unitPrice]))
  return [...unique].map(([threshold, unitPrice]) => ({
    threshold: Decimal.of(threshold),
    unitPrice: Decimal.of(unitPrice)
  }))
}
const Quantity = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 2000 }))

describe("Pricing.graduated", () => {
  it("prices Crystallize's worked example at 136", () => {
    assert.strictEqual(Decimal.format(Pricing.graduated(crystallizeExample, Decimal.of(42)).price), "136")
  })

  it("charges each band at its own unit price", () => {
    const priced = Pricing.graduated(crystallizeExample, Decimal.of(42))
    assert.deepStrictEqual(
      priced.tiers.map((l) => [Decimal.format(l.quantity), Decimal.format(l.amount)]),
      [
        ["10", "0"],
        ["20", "100"],
        ["12", "36"]
      ]
    )
  })

  it("adds the implicit free tier below a first threshold above 0", () => {
    const priced = Pricing.graduated(tiers(["100", "2"]), Decimal.of(150))
    assert.strictEqual(Decimal.format(priced.price), "100")
    assert.strictEqual(priced.tiers.length, 2)
  })

  it("keeps fractions exact", () => {
    const priced = Pricing.graduated(tiers(["0", "0.1"]), Decimal.of("0.3"))
    assert.strictEqual(Decimal.format(priced.price), "0.03")
  })

  it.prop(
    "is never negative and never falls as quantity grows",
    [ArbitraryTiers, Quantity, Quantity],
    ([raw, a, b]) => {
      const t = toTiers(raw)
      const [low, high] = a <= b ? [a, b] : [b, a]
      const lowPrice = Pricing.graduated(t, Decimal.of(low)).price
      const highPrice = Pricing.graduated(t, Decimal.of(high)).price
      return !BigDecimal.isNegative(lowPrice) && BigDecimal.isLessThanOrEqualTo(lowPrice, highPrice)
    }
  )

  it.prop("accounts for every unit in exactly one band", [ArbitraryTiers, Quantity], ([raw, q]) => {
    const priced = Pricing.graduated(toTiers(raw), Decimal.of(q))
    return BigDecimal.equals(Decimal.sum(priced.tiers.map((l) => l.quantity)), Decimal.of(q))
  })
})

describe("Pricing.volume", () => {
  it("prices Crystallize's worked example at 96", () => {
    assert.strictEqual(Decimal.format(Pricing.volume(crystallizeExample, Decimal.of(42)).price), "96")
  })

  it("is free while the quantity stays in the free tier", () => {
    assert.strictEqual(Decimal.format(Pricing.volume(crystallizeExample, Decimal.of(7)).price), "0")
  })

  it("charges the whole quantity at the reached tier when no tier is free", () => {
    assert.strictEqual(Decimal.format(Pricing.volume(tiers(["0", "4"], ["10", "2"]), Decimal.of(12)).price), "24")
  })

  it.prop("equals unitPrice of the reached tier × (quantity − free usage)", [ArbitraryTiers, Quantity], ([raw, q]) => {
    const sorted = Pricing.normalize(toTiers(raw))
    const quantity = Decimal.of(q)
    const reached = sorted.filter((t) => BigDecimal.isLessThanOrEqualTo(t.threshold, quantity)).length - 1
    const lastFree = sorted
      .slice(0, reached)
      .map((t) => BigDecimal.isZero(t.unitPrice))
      .lastIndexOf(true)
    const free = lastFree === -1 ? Decimal.zero : (sorted[lastFree + 1] as Pricing.Tier).threshold
    const expected = BigDecimal.multiply(
      (sorted[reached] as Pricing.Tier).unitPrice,
      BigDecimal.max(Decimal.zero, BigDecimal.subtract(quantity, free))
    )
    return BigDecimal.equals(Pricing.volume(toTiers(raw), quantity).price, expected)
  })

  it.prop(
    "is never negative",
    [ArbitraryTiers, Quantity],
    ([raw, q]) => !BigDecimal.isNegative(Pricing.volume(toTiers(raw), Decimal.of(q)).price)
  )
})
