/**
 * Applies the migrations that a database lacks, in order, under an advisory lock: safe to run twice, and from two
 * processes at once (the second waits, then finds nothing to do).
 */
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import { Database } from "./Database.ts"
import * as Migrations from "./migrations/index.ts"

/** An arbitrary, fixed key for the migration lock. */
const lockKey = 72_617_001

/** Applies missing migrations; returns the names it applied. */
export const migrate = Effect.gen(function* () {
  const db = yield* Database
  return yield* db
    .transaction(
      Effect.gen(function* () {
        yield* db.query(sql`select pg_advisory_xact_lock(${lockKey})`)
        yield* db.exec(
          "create table if not exists patron_migrations (name text primary key, applied_at timestamptz not null default now())"
        )
        const applied = new Set(
          (yield* db.query<{ name: string }>(sql`select name from patron_migrations`)).map((row) => row.name)
        )
        const missing = Migrations.all.filter((migration) => !applied.has(migration.name))
        for (const migration of missing) {
          yield* db.exec(migration.sql)
          yield* db.query(sql`insert into patron_migrations (name) values (${migration.name})`)
        }
        return missing.map((migration) => migration.name)
      })
    )
    .pipe(Effect.orDie)
})
