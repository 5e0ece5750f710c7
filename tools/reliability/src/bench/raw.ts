/**
 * Raw SQL, the baselines' side: parameterized statements sent straight through the driver the server uses (PGlite
 * in this process on the server's data directory, or node-postgres on the server's database), with no HTTP, tRPC,
 * Effect or repository in between.
 */
import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import pg from "pg"

export type Row = Record<string, unknown>

/** One way to send statements; `transaction` runs its statements on one connection between BEGIN and COMMIT. */
export interface Statements {
  readonly query: <R extends Row = Row>(text: string, params?: ReadonlyArray<unknown>) => Promise<ReadonlyArray<R>>
}

export interface Raw extends Statements {
  readonly transaction: (run: (statements: Statements) => Promise<void>) => Promise<void>
  readonly close: () => Promise<void>
}

/**
 * PGlite on a data directory the server does not hold open (the server must be stopped: PGlite is one process's
 * embedded database). One connection: concurrent callers take turns, as they do inside the server.
 */
export const pglite = async (dataDir: string): Promise<Raw> => {
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm } })
  return {
    query: async <R extends Row>(text: string, params: ReadonlyArray<unknown> = []) =>
      (await db.query<R>(text, [...params])).rows,
    transaction: async (run) => {
      await db.transaction((tx) =>
        run({
          query: async <R extends Row>(text: string, params: ReadonlyArray<unknown> = []) =>
            (await tx.query<R>(text, [...params])).rows
        })
      )
    },
    close: () => db.close()
  }
}

/** node-postgres through a pool of `connections`, as the server's pool (10 connections) works. */
export const postgres = (url: string, connections: number): Raw => {
  const pool = new pg.Pool({ connectionString: url, max: connections })
  // An idle connection dropped by a PostgreSQL restart must not end the process; a statement in flight still fails.
  pool.on("error", () => undefined)
  return {
    query: async <R extends Row>(text: string, params: ReadonlyArray<unknown> = []) =>
      (await pool.query<R>(text, [...params])).rows,
    transaction: async (run) => {
      const client = await pool.connect()
      try {
        await client.query("begin")
        await run({
          query: async <R extends Row>(text: string, params: ReadonlyArray<unknown> = []) =>
            (await client.query<R>(text, [...params])).rows
        })
        await client.query("commit")
      } catch (error) {
        await client.query("rollback").catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end()
  }
}
