/**
 * The domain's UsageRepository on the database. A record is unique per (tenant, contract, idempotency key): an insert
 * that finds its key taken, also by a concurrent transaction, returns the record stored under it. Quantities are
 * `numeric`, read back as text, so decimals round-trip and sum exactly.
 */
import { type DailyTotal, Decimal, Usage, UsageRepository } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import { BigDecimal, DateTime, Effect, Layer, Schema } from "effect"
import { Database } from "./Database.ts"
import { usageRecords } from "./schema.ts"

type UsageRow = {
  readonly id: string
  readonly contract_id: string
  readonly metered_variable: string
  readonly quantity: string
  readonly idempotency_key: string
  readonly occurred_at: string
  readonly recorded_at: string
}

const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`)

/** The columns of a record, timestamps as ISO-8601 UTC and the quantity as its exact text. */
const columns = sql`id, contract_id, metered_variable, quantity::text as quantity, idempotency_key,
  ${iso("occurred_at")}, ${iso("recorded_at")}`

const decodeRecord = (row: UsageRow) =>
  Schema.decodeUnknownEffect(Usage.UsageRecord)({
    id: row.id,
    contractId: row.contract_id,
    meteredVariable: row.metered_variable,
    quantity: row.quantity,
    idempotencyKey: row.idempotency_key,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at
  }).pipe(Effect.orDie)

/** Usage records over the Database service. */
export const layer = Layer.effect(UsageRepository)(
  Effect.gen(function* () {
    const db = yield* Database
    const selectOne = (condition: SQL) =>
      db.query<UsageRow>(sql`select ${columns} from ${usageRecords} where ${condition}`).pipe(Effect.orDie)
    const byKey = (tenant: string, contractId: string, idempotencyKey: string) =>
      selectOne(sql`tenant_id = ${tenant} and contract_id = ${contractId} and idempotency_key = ${idempotencyKey}`)
    return UsageRepository.of({
      findByKey: (tenant, contractId, idempotencyKey) =>
        byKey(tenant, contractId, idempotencyKey).pipe(
          Effect.flatMap((rows) => (rows[0] === undefined ? Effect.succeedNone : Effect.asSome(decodeRecord(rows[0]))))
        ),
      insert: (tenant, record) =>
        Effect.gen(function* () {
          // ON CONFLICT waits for a concurrent insert of the key to commit, after which the stored row is visible.
          const inserted = yield* db
            .query<UsageRow>(sql`
              insert into ${usageRecords}
                (tenant_id, id, contract_id, metered_variable, quantity, idempotency_key, occurred_at, recorded_at)
              values (${tenant}, ${record.id}, ${record.contractId}, ${record.meteredVariable},
                      ${Decimal.format(record.quantity)}::numeric, ${record.idempotencyKey},
                      ${DateTime.formatIso(record.occurredAt)}::timestamptz,
                      ${DateTime.formatIso(record.recordedAt)}::timestamptz)
              on conflict (tenant_id, contract_id, idempotency_key) do nothing
              returning ${columns}`)
            .pipe(Effect.orDie)
          const row = inserted[0] ?? (yield* byKey(tenant, record.contractId, record.idempotencyKey))[0]
          if (row === undefined)
            return yield* Effect.die(`usage record ${record.idempotencyKey} was neither stored nor found`)
          return yield* decodeRecord(row)
        }),
      dailyTotals: (tenant, contractId, range) =>
        Effect.gen(function* () {
          const from = DateTime.formatIso(range.from)
          const rows = yield* db
            .query<{ metered_variable: string; day_index: number; quantity: string }>(sql`
              select metered_variable,
                     floor((extract(epoch from occurred_at) - extract(epoch from ${from}::timestamptz)) / 86400)::int
                       as day_index,
                     sum(quantity)::text as quantity
              from ${usageRecords}
              where tenant_id = ${tenant} and contract_id = ${contractId}
                and occurred_at >= ${from}::timestamptz and occurred_at < ${DateTime.formatIso(range.to)}::timestamptz
              group by 1, 2
              order by 2, 1`)
            .pipe(Effect.orDie)
          return rows.map(
            (row): DailyTotal => ({
              meteredVariable: row.metered_variable,
              dayIndex: row.day_index,
              quantity: BigDecimal.fromStringUnsafe(row.quantity)
            })
          )
        })
    })
  })
)
