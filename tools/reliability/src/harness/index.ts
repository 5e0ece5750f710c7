/**
 * What the bench and the drills start and measure Patron with.
 */
export * as Client from "./Client.ts"
export * as Postgres from "./Postgres.ts"
export * as Processes from "./Processes.ts"
export * as Stats from "./Stats.ts"
