/**
 * The domain's SubscriptionContractRepository on the database. Beside the JSON document, the status dates are kept
 * as columns so a listing filters by the state at an instant in SQL, by the rules of `SubscriptionContract.stateAt`.
 * Updates are optimistic (`where version = expected`); deleting contracts deletes their usage (ON DELETE CASCADE).
 */
import { Page, SubscriptionContract, SubscriptionContractRepository, Version } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Schema } from "effect"
import { Database } from "./Database.ts"
import * as NewestFirst from "./NewestFirst.ts"
import { subscriptionContracts } from "./schema.ts"

const decodeContract = (document: unknown) =>
  Schema.decodeUnknownEffect(SubscriptionContract.SubscriptionContract)(document).pipe(Effect.orDie)

const instant = (at: DateTime.Utc | undefined) =>
  at === undefined ? sql`null` : sql`${DateTime.formatIso(at)}::timestamptz`

/**
 * The SQL condition of a state at `now`: the rules of `SubscriptionContract.stateAt` in its order, so each state
 * excludes the ones decided by an earlier rule.
 */
const stateIs = (state: SubscriptionContract.State, now: DateTime.Utc): SQL => {
  const at = instant(now)
  switch (state) {
    case "cancelled":
      return sql`(active_until is not null and active_until <= ${at})`
    case "pendingDeactivation":
      return sql`(active_until is not null and active_until > ${at})`
    case "paused":
      return sql`(active_until is null and paused_at is not null)`
    case "pendingActivation":
      return sql`(active_until is null and paused_at is null and activate_at is not null and activate_at > ${at})`
    case "active":
      return sql`(active_until is null and paused_at is null and (activate_at is null or activate_at <= ${at}))`
  }
}

/** Subscription contracts over the Database service. */
export const layer = Layer.effect(SubscriptionContractRepository)(
  Effect.gen(function* () {
    const db = yield* Database
    const select = (condition: SQL, tail: SQL = sql``) =>
      db
        .query<{ document: unknown }>(
          sql`select document from ${subscriptionContracts} where ${condition} order by created_at desc, id desc ${tail}`
        )
        .pipe(Effect.orDie)
    return SubscriptionContractRepository.of({
      insert: (tenant, contract) =>
        db
          .query(sql`
            insert into ${subscriptionContracts}
              (tenant_id, id, customer_id, activate_at, active_until, paused_at, version, created_at, document)
            values (${tenant}, ${contract.id}, ${contract.customerId}, ${instant(contract.status.activateAt)},
                    ${instant(contract.status.activeUntil)}, ${instant(contract.status.pausedAt)}, ${contract.version},
                    ${instant(contract.createdAt)}, ${JSON.stringify(SubscriptionContract.toJson(contract))}::jsonb)`)
          .pipe(Effect.asVoid, Effect.orDie),
      update: (tenant, contract) =>
        Effect.gen(function* () {
          const expected = contract.version - 1
          const updated = yield* db
            .query(sql`
              update ${subscriptionContracts}
              set activate_at = ${instant(contract.status.activateAt)},
                  active_until = ${instant(contract.status.activeUntil)},
                  paused_at = ${instant(contract.status.pausedAt)},
                  version = ${contract.version},
                  document = ${JSON.stringify(SubscriptionContract.toJson(contract))}::jsonb
              where tenant_id = ${tenant} and id = ${contract.id} and version = ${expected}
              returning id`)
            .pipe(Effect.orDie)
          if (updated.length > 0) return
          const stored = yield* db
            .query<{ version: number }>(
              sql`select version from ${subscriptionContracts} where tenant_id = ${tenant} and id = ${contract.id}`
            )
            .pipe(Effect.orDie)
          return yield* new Version.VersionConflict({ id: contract.id, expected, actual: stored[0]?.version ?? 0 })
        }),
      find: (tenant, id, options) =>
        // `no key update`: patches take turns, while usage records (which only reference the row) still go in.
        select(
          sql`tenant_id = ${tenant} and id = ${id}`,
          options?.lock === "update" ? sql`for no key update` : sql``
        ).pipe(
          Effect.flatMap((rows) =>
            rows[0] === undefined ? Effect.succeedNone : Effect.asSome(decodeContract(rows[0].document))
          )
        ),
      list: (tenant, query) =>
        Effect.gen(function* () {
          const limit = query.limit ?? Page.defaultLimit
          const conditions: Array<SQL> = [sql`tenant_id = ${tenant}`]
          if (query.customerId !== undefined) conditions.push(sql`customer_id = ${query.customerId}`)
          if (query.state !== undefined) conditions.push(stateIs(query.state, query.now))
          if (query.cursor !== undefined) {
            const after = yield* NewestFirst.after(query.cursor)
            conditions.push(sql`(created_at, id) < (${after.at}::timestamptz, ${after.id})`)
          }
          const rows = yield* select(sql.join(conditions, sql` and `), sql`limit ${limit + 1}`)
          const decoded = yield* Effect.forEach(rows.slice(0, limit + 1), (row) => decodeContract(row.document))
          return NewestFirst.page(decoded, limit)
        }),
      listForCustomer: (tenant, customerId) =>
        select(sql`tenant_id = ${tenant} and customer_id = ${customerId}`).pipe(
          Effect.flatMap((rows) => Effect.forEach(rows, (row) => decodeContract(row.document)))
        ),
      remove: (tenant, ids) =>
        ids.length === 0
          ? Effect.void
          : db
              .query(sql`delete from ${subscriptionContracts} where tenant_id = ${tenant} and id in ${ids}`)
              .pipe(Effect.asVoid, Effect.orDie)
    })
  })
)
