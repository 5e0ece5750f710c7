import { assert, describe, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import { Database } from "../src/Database.ts"
import { migrate } from "../src/Migrator.ts"
import { drivers } from "./databases.ts"

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`Migrator.migrate on ${driver.name}`, () => {
    it.effect(
      "has applied every migration once and applies nothing the second time",
      () =>
        Effect.gen(function* () {
          assert.deepStrictEqual(yield* migrate, [])
          const db = yield* Database
          const rows = yield* db.query<{ name: string }>(sql`select name from patron_migrations order by name`)
          assert.deepStrictEqual(
            rows.map((row) => row.name),
            ["0001_init", "0002_delivery_rounds", "0003_rate_limits", "0004_imports"]
          )
        }).pipe(Effect.provide(driver.layer())),
      60_000
    )

    it.effect(
      "is safe to run from several places at once",
      () =>
        Effect.gen(function* () {
          const results = yield* Effect.all([migrate, migrate, migrate], { concurrency: "unbounded" })
          assert.deepStrictEqual(results, [[], [], []])
          const db = yield* Database
          const tables = yield* db.query<{ n: number }>(
            sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`
          )
          assert.isTrue((tables[0]?.n ?? 0) >= 12)
        }).pipe(Effect.provide(driver.layer())),
      60_000
    )
  })
}
