export * as Decimal from "./Decimal.ts"
export * as Ids from "./Ids.ts"
export * as Pricing from "./Pricing.ts"
