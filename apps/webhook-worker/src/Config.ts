/**
 * The worker's settings from environment variables (the variables `@patron/config` shares with the server), validated
 * at start. A standalone worker needs PostgreSQL (`DATABASE_URL`): the embedded database lives inside the server
 * process, which runs its own worker.
 */
import { Shared, Variables } from "@patron/config"
import { Effect, type Result } from "effect"
import { defaults, type Options } from "./Worker.ts"

export interface Config {
  readonly databaseUrl: string
  readonly logLevel: Shared.LogLevel
  readonly logFormat: Shared.LogFormat
  readonly worker: Omit<Options, "owner">
}

/** Reads the configuration from the ambient `ConfigProvider`, failing with every bad variable. */
export const read: Effect.Effect<Config, Variables.ConfigInvalid> = Effect.map(
  Variables.collect({
    databaseUrl: Shared.standaloneDatabaseUrl,
    logLevel: Shared.logLevel,
    logFormat: Shared.logFormat,
    tuning: Shared.workerTuning(defaults),
    schedule: Shared.retrySchedule,
    allowPrivate: Shared.webhooksAllowPrivate(false)
  }),
  ({ databaseUrl, logLevel, logFormat, tuning, schedule, allowPrivate }) => ({
    databaseUrl,
    logLevel,
    logFormat,
    worker: { ...defaults, ...tuning, schedule, allowPrivate }
  })
)

/** Reads and checks the configuration from an environment. */
export const load = (env: Variables.Env): Result.Result<Config, Variables.ConfigInvalid> => Variables.fromEnv(read, env)
