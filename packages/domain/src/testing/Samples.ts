/**
 * Sample inputs for tests across the packages, as JSON a client would send.
 */

/** Crystallize's worked example: free up to 10, then 5 each, then 3 each from 30 (42 → graduated 136, volume 96). */
export const crystallizeTiers = [
  { threshold: "0", unitPrice: "0" },
  { threshold: "10", unitPrice: "5" },
  { threshold: "30", unitPrice: "3" }
] as const

/** A monthly API plan (base price 10 EUR) metering `calls` on tiers (Crystallize's example by default). */
export const meteredPlan = (
  options: {
    readonly tierType?: "graduated" | "volume"
    readonly tiers?: ReadonlyArray<{ readonly threshold: string; readonly unitPrice: string }>
  } = {}
) => ({
  plan: { identifier: "api", name: "API plan" },
  item: { sku: "api-access", name: "API access", quantity: 1 },
  currency: "EUR",
  recurring: {
    price: "10",
    period: 1,
    unit: "month" as const,
    meteredVariables: [
      {
        identifier: "calls",
        name: "API calls",
        unit: "call",
        tierType: options.tierType ?? ("graduated" as const),
        tiers: [...(options.tiers ?? crystallizeTiers)]
      }
    ]
  }
})
