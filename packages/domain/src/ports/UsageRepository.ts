/**
 * The usage store: records unique per (contract, idempotency key), and their totals by day.
 */
import { Context, type DateTime, type Effect, type Option } from "effect"
import type * as Decimal from "../Decimal.ts"
import type { TenantId } from "../Tenant.ts"
import type * as Usage from "../Usage.ts"

/** The total quantity of one metered variable on one day of a range (day 0 starts at the range's start). */
export interface DailyTotal {
  readonly meteredVariable: string
  readonly dayIndex: number
  readonly quantity: Decimal.Decimal
}

/** Reads and writes usage records of one tenant at a time. */
export class UsageRepository extends Context.Service<
  UsageRepository,
  {
    /** The record stored under an idempotency key of a contract. */
    readonly findByKey: (
      tenant: TenantId,
      contractId: string,
      idempotencyKey: string
    ) => Effect.Effect<Option.Option<Usage.UsageRecord>>
    /**
     * Stores a record unless its key is taken; returns the stored record, which is another one when a concurrent
     * request stored the same key first.
     */
    readonly insert: (tenant: TenantId, record: Usage.UsageRecord) => Effect.Effect<Usage.UsageRecord>
    /** Totals per metered variable and day of the records that occurred in [from, to). */
    readonly dailyTotals: (
      tenant: TenantId,
      contractId: string,
      range: { readonly from: DateTime.Utc; readonly to: DateTime.Utc }
    ) => Effect.Effect<ReadonlyArray<DailyTotal>>
  }
>()("@patron/domain/UsageRepository") {}
