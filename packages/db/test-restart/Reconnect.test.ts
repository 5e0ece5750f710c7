/**
 * Restarts the machine's PostgreSQL, so it runs on its own (`pnpm --filter @patron/db test:restart`), never beside
 * other suites that use the server.
 */
import { execFileSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Cause, Effect, Exit, Schedule } from "effect"
import { Database } from "../src/Database.ts"
import { freshPostgres } from "../test/databases.ts"

const restartPostgres = () => {
  const version = readdirSync("/etc/postgresql")[0] ?? "15"
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"], {
    stdio: "ignore"
  })
}

describe("Database on PostgreSQL across a server restart", () => {
  it.live(
    "fails queries as DatabaseUnavailable while the server is gone, then reconnects",
    () =>
      Effect.gen(function* () {
        const db = yield* Database
        yield* Effect.orDie(db.query(sql`insert into tenants (id, name) values ('ten_before', 'before')`))
        restartPostgres()
        // The pooled connections died with the old server: the first query may see that, as an infrastructure defect.
        const first = yield* Effect.exit(db.query(sql`select 1`))
        console.log(
          "first query after restart:",
          Exit.isFailure(first) ? Cause.pretty(first.cause).split("\n")[0] : "succeeded"
        )
        if (Exit.isFailure(first)) {
          const defect = Cause.squash(first.cause) as { _tag?: string }
          assert.strictEqual(defect._tag, "DatabaseUnavailable")
        }
        yield* db.ping.pipe(
          Effect.flatMap((up) => (up ? Effect.void : Effect.fail("down"))),
          Effect.retry({ schedule: Schedule.spaced("500 millis"), times: 60 })
        )
        const rows = yield* Effect.orDie(db.query<{ name: string }>(sql`select name from tenants`))
        assert.deepStrictEqual(
          rows.map((row) => row.name),
          ["before"]
        )
      }).pipe(Effect.provide(freshPostgres(4))),
    60_000
  )

  it.live(
    "a connection cut in the middle of a transaction fails that transaction, not the process",
    () =>
      Effect.gen(function* () {
        const db = yield* Database
        const exit = yield* Effect.exit(
          db.transaction(
            Effect.gen(function* () {
              yield* Effect.orDie(db.query(sql`insert into tenants (id, name) values ('ten_during', 'during')`))
              restartPostgres()
              yield* Effect.sleep("300 millis")
              yield* Effect.orDie(db.query(sql`select 1`))
            })
          )
        )
        assert.isTrue(Exit.isFailure(exit))
        yield* db.ping.pipe(
          Effect.flatMap((up) => (up ? Effect.void : Effect.fail("down"))),
          Effect.retry({ schedule: Schedule.spaced("500 millis"), times: 60 })
        )
        const rows = yield* Effect.orDie(
          db.query<{ name: string }>(sql`select name from tenants where name = 'during'`)
        )
        assert.deepStrictEqual(rows, [])
      }).pipe(Effect.provide(freshPostgres(4))),
    60_000
  )
})
