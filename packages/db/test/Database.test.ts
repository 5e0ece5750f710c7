import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Exit, Fiber } from "effect"
import { Database, layerPGlite } from "../src/Database.ts"
import { migrate } from "../src/Migrator.ts"
import { drivers } from "./databases.ts"

const count = Effect.gen(function* () {
  const db = yield* Database
  const rows = yield* db.query<{ n: number }>(sql`select count(*)::int as n from tenants`)
  return rows[0]?.n ?? -1
}).pipe(Effect.orDie)

const insertTenant = (name: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    yield* db.query(sql`insert into tenants (id, name) values (${`ten_${name}`}, ${name})`)
  }).pipe(Effect.orDie)

for (const driver of await drivers()) {
  describe.skipIf(driver.skip !== undefined)(`Database.transaction on ${driver.name}`, () => {
    it.effect("commits every write of a successful effect", () =>
      Effect.gen(function* () {
        const db = yield* Database
        yield* db.transaction(Effect.all([insertTenant("a"), insertTenant("b")]))
        assert.strictEqual(yield* count, 2)
      }).pipe(Effect.provide(driver.layer()))
    )

    it.live("rolls back every write when the effect fails, dies or is interrupted", () =>
      Effect.gen(function* () {
        const db = yield* Database
        const failed = yield* Effect.exit(db.transaction(Effect.andThen(insertTenant("a"), Effect.fail("no"))))
        assert.isTrue(Exit.isFailure(failed))
        yield* Effect.exit(db.transaction(Effect.andThen(insertTenant("b"), Effect.die("boom"))))
        const fiber = yield* Effect.forkChild(db.transaction(Effect.andThen(insertTenant("c"), Effect.never)))
        yield* Effect.sleep("200 millis")
        yield* Fiber.interrupt(fiber)
        assert.strictEqual(yield* count, 0)
      }).pipe(Effect.provide(driver.layer()))
    )

    it.effect("lets nested transactions join the outer one", () =>
      Effect.gen(function* () {
        const db = yield* Database
        yield* Effect.exit(
          db.transaction(
            Effect.gen(function* () {
              yield* db.transaction(insertTenant("inner"))
              return yield* Effect.fail("outer fails")
            })
          )
        )
        assert.strictEqual(yield* count, 0)
      }).pipe(Effect.provide(driver.layer()))
    )

    it.effect("refuses a bad statement with SqlError naming its SQLSTATE, not the statement", () =>
      Effect.gen(function* () {
        const db = yield* Database
        yield* insertTenant("a")
        const error = yield* Effect.flip(db.query(sql`insert into tenants (id, name) values ('ten_x', 'a')`))
        assert.strictEqual(error._tag, "SqlError")
        assert.strictEqual(error.code, "23505")
        assert.strictEqual(error.message, "database statement failed (23505)")
      }).pipe(Effect.provide(driver.layer()))
    )

    it.effect("answers ping", () =>
      Effect.gen(function* () {
        assert.isTrue(yield* (yield* Database).ping)
      }).pipe(Effect.provide(driver.layer()))
    )
  })
}

describe("Database on a file-backed PGlite", () => {
  it.effect(
    "keeps its data across a restart of the process",
    () =>
      Effect.gen(function* () {
        const dataDir = mkdtempSync(join(tmpdir(), "patron-pglite-"))
        try {
          yield* Effect.andThen(migrate, insertTenant("kept")).pipe(Effect.provide(layerPGlite({ dataDir })))
          const after = yield* Effect.andThen(migrate, count).pipe(Effect.provide(layerPGlite({ dataDir })))
          assert.strictEqual(after, 1)
        } finally {
          rmSync(dataDir, { recursive: true, force: true })
        }
      }),
    60_000
  )
})
