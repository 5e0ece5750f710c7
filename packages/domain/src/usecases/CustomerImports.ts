/**
 * The CSV import's use cases: a job is started, then its rows are applied a chunk at a time through
 * `customers.upsertMany` with `rejectFailedRows` (good rows land, bad ones are reported by row and column), each
 * chunk in its own transaction together with its counters, so the report is exact whenever the process stops. A dry
 * run applies each chunk the same way and rolls it back: the same checks and errors, nothing written; its counts are
 * each chunk's against the stored customers (a later row of a dry run does not see an earlier row's customer).
 */
import { Data, Effect, Option, Schema } from "effect"
import * as Customer from "../Customer.ts"
import * as CustomerCsv from "../CustomerCsv.ts"
import * as CustomerImport from "../CustomerImport.ts"
import type * as CustomerUpsert from "../CustomerUpsert.ts"
import { Ids } from "../Ids.ts"
import { ImportLog } from "../ports/ImportLog.ts"
import { Transactions } from "../ports/Transactions.ts"
import { CurrentTenant } from "../Tenant.ts"
import { upsertMany } from "./CustomerBatchUpserts.ts"

/** One data row of the file: its number (the header is row 1) and its cells. */
export interface Line {
  readonly row: number
  readonly cells: ReadonlyArray<string>
}

/** A running job, as its chunks need it. */
export interface Job {
  readonly id: CustomerImport.ImportId
  readonly dryRun: boolean
  readonly match: CustomerImport.ImportMatch
}

/** Starts a job owned by `owner` (the process); answers it. */
export const start = Effect.fn("CustomerImports.start")(function* (options: {
  readonly dryRun: boolean
  readonly match: CustomerImport.ImportMatch
  readonly owner: string
}) {
  const tenant = yield* CurrentTenant
  const id = (yield* (yield* Ids).make("customerImport")) as CustomerImport.ImportId
  yield* (yield* ImportLog).start(tenant.id, {
    id,
    dryRun: options.dryRun,
    match: CustomerImport.matchText(options.match),
    owner: options.owner
  })
  return { id, dryRun: options.dryRun, match: options.match } satisfies Job
})

/** Ends a job: succeeded, or failed with why. */
export const finish = Effect.fn("CustomerImports.finish")(function* (
  job: Job,
  outcome: { readonly status: "succeeded" } | { readonly status: "failed"; readonly message: string }
) {
  const tenant = yield* CurrentTenant
  yield* (yield* ImportLog).finish(tenant.id, job.id, outcome)
})

/** Records errors that concern no row's upsert (the header's, at row 1). */
export const recordErrors = Effect.fn("CustomerImports.recordErrors")(function* (
  job: Job,
  errors: ReadonlyArray<CustomerImport.RowError>
) {
  const tenant = yield* CurrentTenant
  yield* (yield* ImportLog).record(tenant.id, job.id, {
    processed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    errors,
    lastRow: 1
  })
})

/** The report of an import of the caller's tenant. */
export const get = Effect.fn("CustomerImports.get")(function* (id: CustomerImport.ImportId) {
  const tenant = yield* CurrentTenant
  const found = yield* (yield* ImportLog).find(tenant.id, id)
  if (Option.isNone(found)) return yield* new CustomerImport.ImportNotFound({ id })
  return found.value
})

const encodeCreate = Schema.encodeSync(Customer.CreateInput)

/** A chunk's upserts, rolled back by a dry run once it knows what they would do. */
class DryRunRollback extends Data.TaggedError("DryRunRollback")<{
  readonly results: ReadonlyArray<CustomerUpsert.RowResult>
}> {}

/** Upsert messages name rows by their place in the batch; the file names them by row number. */
const renumbered = (message: string, rowOfIndex: (index: number) => number | undefined) =>
  message.replace(/\brow (\d+)\b/g, (text, index: string) => {
    const row = rowOfIndex(Number(index))
    return row === undefined ? text : `row ${row}`
  })

/** Applies one chunk of rows (at most `CustomerUpsert.maxRows`) of a job; answers and records what it did. */
export const applyChunk = Effect.fn("CustomerImports.applyChunk")(function* (
  job: Job,
  header: ReadonlyArray<string>,
  lines: ReadonlyArray<Line>
) {
  const tenant = yield* CurrentTenant
  const log = yield* ImportLog
  const transactions = yield* Transactions
  const matchColumn = CustomerImport.matchColumn(job.match)
  const errors: Array<CustomerImport.RowError> = []
  const upserts: Array<{ readonly line: Line; readonly fields: Record<string, unknown> }> = []
  for (const line of lines) {
    const read = CustomerCsv.createInputOf(header, line.cells)
    if ("issues" in read) {
      for (const issue of read.issues) errors.push({ row: line.row, ...issue })
      continue
    }
    const value =
      job.match.kind === "identifier" ? read.input.identifier : read.input.externalReferences?.[job.match.key]
    if (value === undefined) {
      errors.push({ row: line.row, column: matchColumn, message: `is required to match by ${matchColumn}` })
      continue
    }
    const match =
      job.match.kind === "identifier" ? { identifier: value } : { externalReference: { key: job.match.key, value } }
    upserts.push({ line, fields: { match, customer: encodeCreate(read.input) } })
  }
  const failedEarly = lines.length - upserts.length
  const rowOfIndex = (index: number) => upserts[index]?.line.row
  const countsOf = (results: ReadonlyArray<CustomerUpsert.RowResult>): CustomerImport.ChunkCounts => {
    const chunkErrors = [...errors]
    for (const result of results) {
      const upsert = upserts[result.index]
      if (result.outcome !== "failed" || upsert === undefined) continue
      for (const issue of result.issues ?? []) {
        const [, , part, ...rest] = issue.path
        const column =
          part === "match"
            ? matchColumn
            : part === "customer"
              ? CustomerCsv.columnAt(upsert.fields.customer as Customer.CreateInput, rest as Array<string | number>)
              : undefined
        chunkErrors.push({
          row: upsert.line.row,
          ...(column === undefined ? {} : { column }),
          message: renumbered(issue.message, rowOfIndex)
        })
      }
    }
    const count = (outcome: CustomerUpsert.RowResult["outcome"]) =>
      results.filter((result) => result.outcome === outcome).length
    return {
      processed: lines.length,
      created: count("created"),
      updated: count("updated"),
      unchanged: count("unchanged"),
      failed: failedEarly + count("failed"),
      errors: chunkErrors.sort((a, b) => a.row - b.row),
      lastRow: lines.at(-1)?.row ?? 1
    }
  }
  const upsert =
    upserts.length === 0
      ? Effect.succeed({ results: [] as ReadonlyArray<CustomerUpsert.RowResult> })
      : upsertMany({ rows: upserts.map((u) => u.fields), errorPolicy: "rejectFailedRows" })
  if (job.dryRun) {
    const results = yield* transactions
      .run(Effect.flatMap(upsert, ({ results }) => Effect.fail(new DryRunRollback({ results }))))
      .pipe(
        Effect.catchTag("DryRunRollback", (rollback) => Effect.succeed(rollback.results)),
        Effect.orDie
      )
    const counts = countsOf(results)
    yield* log.record(tenant.id, job.id, counts)
    return counts
  }
  return yield* transactions.run(
    Effect.gen(function* () {
      const { results } = yield* Effect.orDie(upsert)
      const counts = countsOf(results)
      yield* log.record(tenant.id, job.id, counts)
      return counts
    })
  )
})
