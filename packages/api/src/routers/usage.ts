/**
 * `usage.*`: recording usage (idempotent, single or batch) and the priced summary with its forecast.
 */
import { Usage, UsageRecords, UsageSummary } from "@patron/domain"
import { Effect } from "effect"
import { input } from "../Input.ts"
import { needs, router } from "../trpc.ts"

export const usage = router({
  record: needs("usage:create")
    .input(input(Usage.RecordInput, ...Usage.recordRules))
    .mutation(({ ctx, input }) => ctx.exec(UsageRecords.record(input).pipe(Effect.map(Usage.toJson)))),
  recordBatch: needs("usage:create")
    .input(input(Usage.BatchInput, ...Usage.batchRules))
    .mutation(({ ctx, input }) =>
      ctx.exec(
        UsageRecords.recordBatch(input).pipe(Effect.map(({ records }) => ({ records: records.map(Usage.toJson) })))
      )
    ),
  summary: needs("usage:read")
    .input(input(UsageSummary.SummaryInput))
    .query(({ ctx, input }) => ctx.exec(UsageRecords.summary(input).pipe(Effect.map(UsageSummary.toJson))))
})
