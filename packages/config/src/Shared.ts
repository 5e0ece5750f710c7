/**
 * The variables both the server and the standalone webhook worker read, defined once (README.md "Configuration"):
 * the database, the log level and format, webhook delivery (private destinations, the retry schedule) and the delivery
 * loop's tuning; and `PATRON_WORKER`, which says whether the server runs a worker of its own. Each process chooses only
 * the defaults that differ between them.
 */
import { RetrySchedule } from "@patron/domain"
import { Config, Effect, Option, Result } from "effect"
import * as Variables from "./Variables.ts"

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\/.+/.test(url)

/** `DATABASE_URL`: PostgreSQL when given; absent, the server embeds PGlite. */
export const databaseUrl: Config.Config<Option.Option<string>> = Variables.optional("DATABASE_URL", (url) =>
  isPostgresUrl(url) ? Result.succeed(url) : Result.fail("must be a postgres:// or postgresql:// connection string")
)

/** Whether `DATABASE_URL` is absent (or empty), whatever its value: the embedded mode, which sets other defaults. */
export const embedded: Config.Config<boolean> = Config.map(Variables.text("DATABASE_URL"), Option.isNone)

/** `DATABASE_URL` as a standalone worker needs it: required, since the embedded database lives in the server. */
export const standaloneDatabaseUrl: Config.Config<string> = Variables.text("DATABASE_URL").pipe(
  Config.mapEffect((url) =>
    Option.isSome(url) && isPostgresUrl(url.value)
      ? Effect.succeed(url.value)
      : Effect.fail(
          Variables.invalid(
            "DATABASE_URL",
            "must be a postgres:// connection string (a standalone worker shares PostgreSQL with the server)"
          )
        )
  )
)

/** The log levels a process accepts in `PATRON_LOG_LEVEL`. */
export const logLevels = ["debug", "info", "warn", "error"] as const
export type LogLevel = (typeof logLevels)[number]

/** `PATRON_LOG_LEVEL`, `info` by default. */
export const logLevel: Config.Config<LogLevel> = Variables.variable("PATRON_LOG_LEVEL", "info", (value) =>
  (logLevels as ReadonlyArray<string>).includes(value)
    ? Result.succeed(value as LogLevel)
    : Result.fail(`must be one of ${logLevels.join(", ")}`)
)

/** The log formats a process accepts in `PATRON_LOG_FORMAT`. */
export const logFormats = ["json", "pretty"] as const
export type LogFormat = (typeof logFormats)[number]

/**
 * `PATRON_LOG_FORMAT`: `json` (the default) writes each event as one JSON object on a line, `{"time","level","msg",
 * ...fields}`; `pretty` writes a short line for people reading a terminal.
 */
export const logFormat: Config.Config<LogFormat> = Variables.variable("PATRON_LOG_FORMAT", "json", (value) =>
  (logFormats as ReadonlyArray<string>).includes(value)
    ? Result.succeed(value as LogFormat)
    : Result.fail(`must be one of ${logFormats.join(", ")}`)
)

/**
 * `PATRON_WORKER`: whether the server delivers webhooks with a worker inside its own process, on PGlite and on
 * PostgreSQL alike (1, the default). Set `PATRON_WORKER=0` on the servers when standalone workers
 * (`pnpm --filter @patron/webhook-worker start`) deliver instead.
 */
export const inProcessWorker: Config.Config<boolean> = Variables.flag("PATRON_WORKER", true)

/** `PATRON_WEBHOOKS_ALLOW_PRIVATE`: whether webhooks may be delivered to private and loopback addresses. */
export const webhooksAllowPrivate = (fallback: boolean): Config.Config<boolean> =>
  Variables.flag("PATRON_WEBHOOKS_ALLOW_PRIVATE", fallback)

/** `PATRON_WEBHOOK_RETRY_SCHEDULE`, such as `5s,5m,30m,2h,5h,10h,10h` (the default). */
export const retrySchedule: Config.Config<RetrySchedule.Schedule> = Variables.variable(
  "PATRON_WEBHOOK_RETRY_SCHEDULE",
  RetrySchedule.defaultSchedule,
  (value) => Result.mapError(RetrySchedule.parseSchedule(value), (error) => error.message)
)

/** How the delivery loop is tuned. */
export interface Tuning {
  readonly concurrency: number
  readonly perEndpoint: number
  readonly leaseMillis: number
  readonly pollMillis: number
}

/** `PATRON_WORKER_CONCURRENCY`, `…_PER_ENDPOINT`, `…_LEASE_MS`, `…_POLL_MS`, each `defaults`' value when absent. */
export const workerTuning = (defaults: Tuning): Effect.Effect<Tuning, Variables.ConfigInvalid> =>
  Variables.collect({
    concurrency: Variables.wholeNumber("PATRON_WORKER_CONCURRENCY", { fallback: defaults.concurrency, minimum: 1 }),
    perEndpoint: Variables.wholeNumber("PATRON_WORKER_PER_ENDPOINT", { fallback: defaults.perEndpoint, minimum: 1 }),
    leaseMillis: Variables.wholeNumber("PATRON_WORKER_LEASE_MS", { fallback: defaults.leaseMillis, minimum: 1_000 }),
    pollMillis: Variables.wholeNumber("PATRON_WORKER_POLL_MS", { fallback: defaults.pollMillis, minimum: 10 })
  })
