/**
 * The database connection behind every repository, on embedded PGlite or on PostgreSQL. Statements are drizzle `sql`
 * templates (values always travel as parameters). `transaction` runs an effect on one connection between BEGIN and
 * COMMIT (ROLLBACK on failure or interruption); statements inside it, however deep, use that connection.
 */
import { mkdirSync } from "node:fs"
import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import type { SQL } from "drizzle-orm"
import { PgDialect } from "drizzle-orm/pg-core"
import { Context, Effect, Exit, Layer, Option, type Scope } from "effect"
import pg from "pg"
import { type DatabaseUnavailable, fromDriver, type SqlError } from "./SqlError.ts"
import * as Turns from "./Turns.ts"

/** One connection (or the pool) that runs text with parameters. */
interface Executor {
  readonly query: (text: string, params: ReadonlyArray<unknown>) => Promise<ReadonlyArray<Record<string, unknown>>>
  /** Runs several statements at once (migrations). */
  readonly exec: (text: string) => Promise<void>
}

export type Row = Record<string, unknown>

/** The database: statements, transactions, and which engine it is. */
export class Database extends Context.Service<
  Database,
  {
    readonly dialect: "pglite" | "postgres"
    /** Runs one statement; a refused statement fails with SqlError, an unreachable database is a defect. */
    readonly query: <R extends Row = Row>(statement: SQL) => Effect.Effect<ReadonlyArray<R>, SqlError>
    /** Runs several statements without parameters (migrations). */
    readonly exec: (text: string) => Effect.Effect<void, SqlError>
    /** Runs an effect in one transaction; nested calls join the outer transaction. */
    readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
    /** Whether the database answers a trivial query within 2 seconds (waiting for PGlite's lock included). */
    readonly ping: Effect.Effect<boolean>
    /**
     * Calls `onNotify` on every NOTIFY of `channel` until the scope closes; a lost listener reconnects, calling
     * `onNotify` when it loses the connection and again when it listens again (what was notified between is lost).
     */
    readonly listen: (channel: string, onNotify: () => void) => Effect.Effect<void, never, Scope.Scope>
  }
>()("@patron/db/Database") {}

const CurrentTransaction = Context.Reference<Option.Option<Executor>>("@patron/db/CurrentTransaction", {
  defaultValue: () => Option.none()
})

const dialect = new PgDialect()

const attempt = <A>(run: () => Promise<A>): Effect.Effect<A, SqlError> =>
  Effect.tryPromise({ try: run, catch: fromDriver }).pipe(
    Effect.catchTag("DatabaseUnavailable", (unavailable: DatabaseUnavailable) => Effect.die(unavailable))
  )

const make = (options: {
  readonly dialect: "pglite" | "postgres"
  readonly listen: (channel: string, onNotify: () => void) => Effect.Effect<void, never, Scope.Scope>
  /** Runs a statement outside any transaction. */
  readonly outside: Executor
  /** Wraps statements run outside a transaction (PGlite: wait for the one connection). */
  readonly guard?: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Gives a connection for one transaction, and takes it back (`broken` when it must not be reused). */
  readonly acquire: Effect.Effect<{
    readonly executor: Executor
    readonly release: (broken: boolean) => Effect.Effect<void>
  }>
}) => {
  const executorNow = Effect.map(
    Effect.service(CurrentTransaction),
    Option.getOrElse(() => options.outside)
  )
  const guard = options.guard ?? identity
  return Database.of({
    dialect: options.dialect,
    listen: options.listen,
    query: <R extends Row>(statement: SQL) =>
      guard(
        Effect.flatMap(executorNow, (executor) => {
          const compiled = dialect.sqlToQuery(statement)
          return attempt(() => executor.query(compiled.sql, compiled.params)) as Effect.Effect<
            ReadonlyArray<R>,
            SqlError
          >
        })
      ),
    exec: (text) => guard(Effect.flatMap(executorNow, (executor) => attempt(() => executor.exec(text)))),
    transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.flatMap(Effect.service(CurrentTransaction), (current) =>
        Option.isSome(current)
          ? effect
          : Effect.acquireUseRelease(
              options.acquire.pipe(
                Effect.tap(({ executor, release }) =>
                  attempt(() => executor.exec("BEGIN")).pipe(
                    Effect.tapError(() => release(true)),
                    Effect.orDie
                  )
                )
              ),
              ({ executor }) =>
                Effect.provideService(effect, CurrentTransaction, Option.some(executor)).pipe(
                  Effect.tap(() => Effect.orDie(attempt(() => executor.exec("COMMIT"))))
                ),
              // Failure, defect or interruption: roll back before the connection goes back (or away, if broken).
              ({ executor, release }, exit) =>
                Exit.isSuccess(exit)
                  ? release(false)
                  : // A rollback that fails or dies (the connection is gone) still gives the connection back, as
                    // broken: a pool that lost track of it would never end.
                    Effect.exit(attempt(() => executor.exec("ROLLBACK"))).pipe(
                      Effect.flatMap((rolledBack) => release(Exit.isFailure(rolledBack)))
                    )
            )
      ),
    ping: (options.guard ?? identity)(
      Effect.flatMap(executorNow, (executor) => Effect.tryPromise(() => executor.query("select 1", [])))
    ).pipe(
      Effect.timeout("2 seconds"),
      Effect.as(true),
      Effect.orElseSucceed(() => false)
    )
  })
}

const identity = <A, E, R>(effect: Effect.Effect<A, E, R>) => effect

/**
 * Embedded PGlite: in memory when `dataDir` is absent, else file-backed. PGlite is one connection, so statements and
 * transactions take turns (see Turns): a transaction holds its turn from BEGIN to COMMIT.
 */
export const layerPGlite = (options: { readonly dataDir?: string } = {}) =>
  Layer.effect(Database)(
    Effect.gen(function* () {
      const db = yield* Effect.acquireRelease(
        Effect.promise(() => {
          if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true })
          return PGlite.create(options.dataDir ?? "memory://", { extensions: { pg_trgm } })
        }),
        (db) => Effect.promise(() => db.close())
      )
      // The one connection's turns: the API's statements and the in-process worker's alternate (see Turns).
      const turns = Turns.make()
      const executor: Executor = {
        query: (text, params) => db.query<Row>(text, [...params]).then((result) => result.rows),
        exec: (text) => db.exec(text).then(() => undefined)
      }
      // Statements outside a transaction also wait for the lock, so they never run inside another fiber's transaction.
      const guard = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.flatMap(Effect.service(CurrentTransaction), (current) =>
          Option.isSome(current) ? effect : turns.withTurn(effect)
        )
      return make({
        dialect: "pglite",
        outside: executor,
        guard,
        listen: (channel, onNotify) =>
          Effect.acquireRelease(
            turns.withTurn(Effect.promise(() => db.listen(channel, () => onNotify()))),
            (unlisten) => turns.withTurn(Effect.promise(() => unlisten()))
          ).pipe(Effect.asVoid),
        // Waiting for the lock stays interruptible (a request timeout can give up); holding it is released on exit.
        acquire: Effect.flatMap(Effect.service(Turns.CurrentLane), (lane) =>
          Effect.interruptible(turns.take(lane)).pipe(Effect.as({ executor, release: () => turns.release }))
        )
      })
    })
  )

/** PostgreSQL through a pool of `maxConnections`; a connection lost with the server is dropped and replaced. */
export const layerPostgres = (options: { readonly url: string; readonly maxConnections?: number }) =>
  Layer.effect(Database)(
    Effect.gen(function* () {
      const pool = yield* Effect.acquireRelease(
        Effect.sync(() => {
          const pool = new pg.Pool({
            connectionString: options.url,
            max: options.maxConnections ?? 10,
            connectionTimeoutMillis: 5_000,
            idleTimeoutMillis: 30_000
          })
          // An idle connection dropped by a server restart must not crash the process; the pool replaces it.
          pool.on("error", () => undefined)
          return pool
        }),
        (pool) => Effect.promise(() => pool.end())
      )
      const executorOf = (client: pg.Pool | pg.PoolClient): Executor => ({
        query: (text, params) => client.query<Row>(text, [...params]).then((result) => result.rows),
        exec: (text) => client.query(text).then(() => undefined)
      })
      return make({
        dialect: "postgres",
        outside: executorOf(pool),
        listen: (channel, onNotify) => listenPostgres(options.url, channel, onNotify),
        acquire: Effect.tryPromise({ try: () => pool.connect(), catch: fromDriver }).pipe(
          Effect.orDie,
          Effect.map((client) => {
            // A checked-out client has no listener of the pool's: a connection cut mid-transaction (a server
            // restart) would crash the process. Its statement fails instead, and the client is not reused.
            let lost = false
            const onError = () => {
              lost = true
            }
            client.on("error", onError)
            return {
              executor: executorOf(client),
              release: (broken: boolean) =>
                Effect.sync(() => {
                  client.off("error", onError)
                  client.release(broken || lost)
                })
            }
          })
        )
      })
    })
  )

/** A dedicated connection that LISTENs on a channel, reconnecting after a lost connection until the scope closes. */
const listenPostgres = (url: string, channel: string, onNotify: () => void) =>
  Effect.gen(function* () {
    let closed = false
    let reconnecting = false
    let client: pg.Client | undefined
    // The process's logger, for the reconnections that happen outside any fiber.
    const log = Effect.runForkWith(yield* Effect.context<never>())
    const connect = async (): Promise<void> => {
      if (closed) return
      const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
      const retry = (error?: unknown) => {
        if (!closed) {
          const reason = error instanceof Error ? error.message : "connection lost"
          log(Effect.logWarning(`the LISTEN connection for ${channel} is lost; reconnecting in 1 s`, { reason }))
        }
        next.removeAllListeners()
        next.end().catch(() => undefined)
        if (!closed) setTimeout(() => void connect(), 1_000)
        // Notifications may be missed until the next connection listens: wake the listener now, and again then.
        reconnecting = true
        onNotify()
      }
      next.on("notification", () => onNotify())
      next.on("error", retry)
      try {
        await next.connect()
        await next.query(`LISTEN "${channel.replaceAll('"', "")}"`)
        if (closed) {
          // The scope closed while this connection was being made: nobody will end it later.
          next.removeAllListeners()
          await next.end().catch(() => undefined)
          return
        }
        client = next
        // What was notified while no connection listened is lost: wake the listener once more, now that it hears.
        if (reconnecting) onNotify()
      } catch (error) {
        retry(error)
      }
    }
    yield* Effect.acquireRelease(Effect.promise(connect), () =>
      Effect.promise(async () => {
        closed = true
        await client?.end().catch(() => undefined)
      })
    )
  })
