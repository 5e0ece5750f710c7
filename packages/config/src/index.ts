/**
 * @patron/config: the configuration of Patron's processes from environment variables, read with effect's `Config`.
 * `Variables` is how a variable is read and every bad one reported at once; `Shared` defines, once, the variables the
 * server and the standalone webhook worker both read (the database, logging, webhook delivery, the worker's tuning);
 * `Log` is the one log format both processes write.
 */
export * as Log from "./Log.ts"
export * as Shared from "./Shared.ts"
export * as Variables from "./Variables.ts"
