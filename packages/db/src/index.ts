/**
 * @patron/db: the Postgres adapter of Patron's ports, on embedded PGlite or PostgreSQL.
 */
export { Database, layerPGlite, layerPostgres } from "./Database.ts"
export { migrate } from "./Migrator.ts"
export { DatabaseUnavailable, SqlError } from "./SqlError.ts"
export * as Tenants from "./Tenants.ts"
export * as TransactionsLive from "./Transactions.ts"
