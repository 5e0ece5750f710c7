/**
 * The LISTEN connection on PostgreSQL when the server drops it: it logs the loss with its reason, reconnects, and hears
 * notifications again. Skipped with a reason when PostgreSQL is unreachable (mandatory under CI=true).
 */
import { assert, describe, it } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Logger } from "effect"
import { Database } from "../src/Database.ts"
import { drivers } from "./databases.ts"

const postgres = (await drivers()).find((driver) => driver.name === "PostgreSQL")

/** Ends every LISTEN connection of the current database, as a PostgreSQL restart or an administrator would. */
const dropListeners = Effect.gen(function* () {
  const db = yield* Database
  yield* db.query(
    sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'LISTEN%'`
  )
}).pipe(Effect.orDie)

const until = (holds: () => boolean) =>
  Effect.promise(async () => {
    const deadline = Date.now() + 10_000
    while (!holds()) {
      if (Date.now() > deadline) throw new Error("did not happen within 10 s")
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })

describe.skipIf(postgres === undefined || postgres.skip !== undefined)("Database.listen on PostgreSQL", () => {
  it.live("logs a lost LISTEN connection with its reason, reconnects and hears notifications again", () => {
    const logged: Array<{ readonly level: string; readonly message: unknown }> = []
    const collect = Logger.make((options) => void logged.push({ level: options.logLevel, message: options.message }))
    return Effect.gen(function* () {
      const db = yield* Database
      let heard = 0
      yield* db.listen("patron_test_listener", () => void heard++)
      yield* dropListeners
      yield* until(() => logged.length > 0)
      const [first] = logged
      assert.strictEqual(first?.level, "Warn")
      const [message, fields] = (first?.message ?? []) as [string?, { reason?: string }?]
      assert.include(message, "the LISTEN connection for patron_test_listener is lost")
      assert.match(fields?.reason ?? "", /terminat/i)
      // Reconnected a second later, it hears a NOTIFY again.
      yield* Effect.sleep("1500 millis")
      const before = heard
      yield* db.query(sql`select pg_notify('patron_test_listener', '')`).pipe(Effect.orDie)
      yield* until(() => heard > before)
    }).pipe(
      Effect.scoped,
      Effect.provide(Logger.layer([collect])),
      Effect.provide((postgres as NonNullable<typeof postgres>).layer())
    )
  })
})
