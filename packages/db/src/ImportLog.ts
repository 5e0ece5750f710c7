/**
 * The domain's ImportLog on the database: one `imports` row per job (migration 0004). A chunk's counters are added,
 * its errors appended up to `CustomerImport.maxErrors`, `last_row` and `heartbeat_at` moved on, in one statement that
 * joins the chunk's transaction.
 */
import { CustomerImport, ImportLog, type Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import { Database } from "./Database.ts"

type ImportRow = {
  readonly id: string
  readonly status: CustomerImport.Status
  readonly dry_run: boolean
  readonly match: string
  readonly processed: number
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  readonly failed: number
  readonly errors: ReadonlyArray<CustomerImport.RowError> | string
  readonly message: string | null
  readonly created_at: Date | string
  readonly finished_at: Date | string | null
}

const iso = (value: Date | string) => new Date(value).toISOString()

const reportOf = (row: ImportRow): CustomerImport.Report => ({
  id: row.id,
  status: row.status,
  dryRun: row.dry_run,
  match: row.match,
  total: row.processed,
  processed: row.processed,
  created: row.created,
  updated: row.updated,
  unchanged: row.unchanged,
  failed: row.failed,
  errors: typeof row.errors === "string" ? JSON.parse(row.errors) : row.errors,
  ...(row.message === null ? {} : { message: row.message }),
  createdAt: iso(row.created_at),
  ...(row.finished_at === null ? {} : { finishedAt: iso(row.finished_at) })
})

const make = Effect.gen(function* () {
  const db = yield* Database
  return ImportLog.of({
    start: (tenant, job) =>
      db
        .query(
          sql`insert into imports (tenant_id, id, status, dry_run, match, owner)
            values (${tenant}, ${job.id}, 'running', ${job.dryRun}, ${job.match}, ${job.owner})`
        )
        .pipe(Effect.asVoid, Effect.orDie),

    record: (tenant, id, counts) => {
      const errors = JSON.stringify(counts.errors.slice(0, CustomerImport.maxErrors))
      return db
        .query(
          sql`update imports set
              processed = processed + ${counts.processed}::integer, created = created + ${counts.created}::integer,
              updated = updated + ${counts.updated}::integer, unchanged = unchanged + ${counts.unchanged}::integer,
              failed = failed + ${counts.failed}::integer,
              last_row = greatest(last_row, ${counts.lastRow}::integer), heartbeat_at = now(),
              errors = case when jsonb_array_length(errors) >= ${CustomerImport.maxErrors}::integer
                  or ${errors}::jsonb = '[]'::jsonb then errors
                else (select coalesce(jsonb_agg(e.value order by e.n), '[]'::jsonb)
                  from jsonb_array_elements(errors || ${errors}::jsonb) with ordinality as e(value, n)
                  where e.n <= ${CustomerImport.maxErrors}::integer) end
            where tenant_id = ${tenant} and id = ${id}`
        )
        .pipe(Effect.asVoid, Effect.orDie)
    },

    finish: (tenant, id, outcome) =>
      db
        .query(
          sql`update imports set status = ${outcome.status}, finished_at = now(), heartbeat_at = now(),
              message = ${outcome.status === "failed" ? outcome.message : null}
            where tenant_id = ${tenant} and id = ${id} and status = 'running'`
        )
        .pipe(Effect.asVoid, Effect.orDie),

    find: (tenant, id) =>
      db
        .query<ImportRow>(
          sql`select id, status, dry_run, match, processed, created, updated, unchanged, failed, errors, message,
              created_at, finished_at
            from imports where tenant_id = ${tenant} and id = ${id}`
        )
        .pipe(
          Effect.map((rows) => Option.map(Option.fromNullishOr(rows[0]), reportOf)),
          Effect.orDie
        ),

    interruptAbandoned: (isGone) =>
      Effect.gen(function* () {
        const running = yield* db.query<{
          tenant_id: Tenant.TenantId
          id: string
          owner: string
          dry_run: boolean
          last_row: number
        }>(sql`select tenant_id, id, owner, dry_run, last_row from imports where status = 'running'`)
        const abandoned = running.filter((job) => isGone(job.owner))
        for (const job of abandoned) {
          yield* db.query(
            sql`update imports set status = 'failed', finished_at = now(),
                message = ${CustomerImport.interruptedMessage(job.last_row, job.dry_run)}
              where tenant_id = ${job.tenant_id} and id = ${job.id} and status = 'running'`
          )
        }
        return abandoned.length
      }).pipe(Effect.orDie)
  })
})

/** The ImportLog port over the Database. */
export const layer = Layer.effect(ImportLog)(make)
