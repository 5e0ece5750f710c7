/**
 * The shared rate-limit buckets: one token bucket per API token in the database, holding up to `perMinute` calls
 * and refilling at `perMinute / 60` a second, from which a process leases calls. A lease asks for `want` calls and
 * needs at least `need`: it gets `want` when the bucket holds that many, else every whole call the bucket holds when
 * that covers `need`, else nothing; one statement takes and answers, under the row's lock, so processes never
 * oversubscribe the budget. Time is the database's clock, read under the row's lock and never moved back, so processes need not agree on a clock
 * and a refill is never counted twice.
 */
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import { Database } from "./Database.ts"

/** What a lease got, and what the bucket holds after it (whole calls and a fraction). */
export interface Lease {
  readonly granted: number
  readonly available: number
}

/** Leases calls of `tokenId`'s bucket. */
export const lease = (tokenId: string, perMinute: number, want: number, need: number) =>
  Effect.flatMap(Effect.service(Database), (db) => {
    const perSecond = perMinute / 60
    const refilled = sql`least(${perMinute}::double precision,
      b.tokens + greatest(0, extract(epoch from (clock_timestamp() - b.updated_at))) * ${perSecond}::double precision)`
    const grant = (available: typeof refilled) => sql`(case
      when ${available} >= ${want}::integer then ${want}::integer
      when ${available} >= ${need}::integer then floor(${available})::integer
      else 0 end)`
    const full = sql`${perMinute}::double precision`
    return db
      .query<{ tokens: number; granted: number }>(
        sql`insert into rate_limit_buckets as b (token_id, tokens, updated_at, granted)
          values (${tokenId}, ${full} - ${grant(full)}, clock_timestamp(), ${grant(full)})
          on conflict (token_id) do update
            set tokens = ${refilled} - ${grant(refilled)}, granted = ${grant(refilled)},
              updated_at = greatest(b.updated_at, clock_timestamp())
          returning tokens, granted`
      )
      .pipe(
        Effect.map(
          (rows): Lease => ({ granted: Number(rows[0]?.granted ?? 0), available: Number(rows[0]?.tokens ?? 0) })
        ),
        Effect.orDie
      )
  })
