/**
 * An in-memory ImportLog, for router tests: jobs keyed by tenant and id, counters added and errors kept up to
 * `CustomerImport.maxErrors` as the database adapter does.
 */
import { DateTime, Effect, Layer, Option } from "effect"
import * as CustomerImport from "../CustomerImport.ts"
import { ImportLog } from "../ports/ImportLog.ts"

interface Job {
  readonly tenant: string
  readonly owner: string
  lastRow: number
  report: CustomerImport.Report
}

/** An empty in-memory ImportLog. */
export const layer = Layer.sync(ImportLog)(() => {
  const jobs = new Map<string, Job>()
  const of = (tenant: string, id: string) => {
    const job = jobs.get(id)
    return job?.tenant === tenant ? job : undefined
  }
  const end = (job: Job, status: CustomerImport.Status, message?: string) => {
    job.report = {
      ...job.report,
      status,
      finishedAt: DateTime.formatIso(DateTime.nowUnsafe()),
      ...(message === undefined ? {} : { message })
    }
  }
  return ImportLog.of({
    start: (tenant, job) =>
      Effect.sync(() => {
        jobs.set(job.id, {
          tenant,
          owner: job.owner,
          lastRow: 1,
          report: {
            id: job.id,
            status: "running",
            dryRun: job.dryRun,
            match: job.match,
            total: 0,
            processed: 0,
            created: 0,
            updated: 0,
            unchanged: 0,
            failed: 0,
            errors: [],
            createdAt: DateTime.formatIso(DateTime.nowUnsafe())
          }
        })
      }),
    record: (tenant, id, counts) =>
      Effect.sync(() => {
        const job = of(tenant, id)
        if (job === undefined) return
        const r = job.report
        job.lastRow = Math.max(job.lastRow, counts.lastRow)
        job.report = {
          ...r,
          total: r.total + counts.processed,
          processed: r.processed + counts.processed,
          created: r.created + counts.created,
          updated: r.updated + counts.updated,
          unchanged: r.unchanged + counts.unchanged,
          failed: r.failed + counts.failed,
          errors: [...r.errors, ...counts.errors].slice(0, CustomerImport.maxErrors)
        }
      }),
    finish: (tenant, id, outcome) =>
      Effect.sync(() => {
        const job = of(tenant, id)
        if (job?.report.status === "running")
          end(job, outcome.status, outcome.status === "failed" ? outcome.message : undefined)
      }),
    find: (tenant, id) => Effect.sync(() => Option.fromNullishOr(of(tenant, id)?.report)),
    interruptAbandoned: (isGone) =>
      Effect.sync(() => {
        const abandoned = [...jobs.values()].filter((job) => job.report.status === "running" && isGone(job.owner))
        for (const job of abandoned)
          end(job, "failed", CustomerImport.interruptedMessage(job.lastRow, job.report.dryRun))
        return abandoned.length
      })
  })
})
