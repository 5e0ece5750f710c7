/**
 * The databases a contract suite runs against: embedded PGlite in memory, and a fresh database on the machine's
 * PostgreSQL (created for the run, dropped afterwards). Under CI=true PostgreSQL is mandatory; elsewhere a missing
 * server skips its suites with a printed reason.
 */
import { Effect, Layer } from "effect"
import pg from "pg"
import { type Database, layerPGlite, layerPostgres } from "../src/Database.ts"
import { migrate } from "../src/Migrator.ts"

export const adminUrl = process.env.PATRON_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"

const withClient = async <A>(url: string, use: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/** Whether the machine's PostgreSQL answers; why not, when it does not. */
export const postgresAvailability = async (): Promise<{ readonly available: boolean; readonly reason?: string }> => {
  try {
    await withClient(adminUrl, (client) => client.query("select 1"))
    return { available: true }
  } catch (error) {
    return { available: false, reason: `PostgreSQL at ${adminUrl} is unreachable: ${String(error)}` }
  }
}

/** A new, empty database on the machine's PostgreSQL, dropped when the scope closes; gives its URL. */
export const temporaryPostgresDatabase = Effect.acquireRelease(
  Effect.promise(async () => {
    const name = `patron_test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`
    await withClient(adminUrl, (client) => client.query(`create database ${name}`))
    return name
  }),
  (name) =>
    Effect.promise(() =>
      withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).catch(
        () => undefined
      )
    )
).pipe(
  Effect.map((name) => {
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return url.toString()
  })
)

/** A layer over a new, migrated database on the machine's PostgreSQL, dropped when the layer is released. */
export const freshPostgres = (maxConnections = 20) =>
  Layer.unwrap(Effect.map(temporaryPostgresDatabase, (url) => migrated(layerPostgres({ url, maxConnections }))))

/** A layer over a new, migrated in-memory PGlite. */
export const freshPGlite = () => migrated(layerPGlite())

const migrated = (layer: Layer.Layer<Database>) => Layer.effectDiscard(migrate).pipe(Layer.provideMerge(layer))

/** The drivers a suite runs on: PGlite always; PostgreSQL when reachable, and always under CI=true. */
export const drivers = async (): Promise<
  ReadonlyArray<{ readonly name: string; readonly layer: () => Layer.Layer<Database>; readonly skip?: string }>
> => {
  const postgres = await postgresAvailability()
  const isCi = process.env.CI === "true" || process.env.CI === "1"
  if (!postgres.available && !isCi) console.warn(`skipping the PostgreSQL suites: ${postgres.reason}`)
  return [
    { name: "PGlite", layer: freshPGlite },
    {
      name: "PostgreSQL",
      layer: () => freshPostgres(),
      ...(postgres.available || isCi ? {} : { skip: postgres.reason ?? "unreachable" })
    }
  ]
}
