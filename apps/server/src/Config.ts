/**
 * The server's configuration from environment variables (PRODUCT.md §1), read with effect's `Config` (the variables it
 * shares with the standalone worker from `@patron/config`) and validated at start: bad values stop the process with a
 * message naming every bad variable.
 */
import { join, resolve } from "node:path"
import { Shared, Variables } from "@patron/config"
import { ApiToken, type RetrySchedule } from "@patron/domain"
import { DeliveryLoop } from "@patron/webhook-worker"
import { Effect, Option, Result, Config as Variable } from "effect"
import * as Cors from "./Cors.ts"
import * as Limits from "./Limits.ts"
import * as SharedRateLimit from "./SharedRateLimit.ts"
import * as Static from "./Static.ts"

/** The validated configuration. */
export interface Config {
  readonly port: number
  readonly host: string
  readonly database:
    | { readonly _tag: "Postgres"; readonly url: string }
    | { readonly _tag: "PGlite"; readonly dataDir: string }
  readonly dataDir: string
  readonly adminToken: Option.Option<string>
  readonly seed: boolean
  /** Whether the server runs a webhook worker in its own process (`PATRON_WORKER`, on unless 0). */
  readonly worker: boolean
  readonly workerTuning: Shared.Tuning
  readonly webhooksAllowPrivate: boolean
  readonly retrySchedule: RetrySchedule.Schedule
  readonly logLevel: Shared.LogLevel
  readonly logFormat: Shared.LogFormat
  /** Requests a minute per API token, one budget across every server process; 0 turns the limit off. */
  readonly rateLimitPerMinute: number
  /** Calls a server process leases at once from a token's budget in PostgreSQL (`PATRON_RATE_LIMIT_LEASE`). */
  readonly rateLimitLease: number
  /** Browser origins allowed to call the API (`PATRON_CORS_ORIGINS`), for products embedding the admin. */
  readonly corsOrigins: Cors.Origins
  /** The HTTP host's limits: bodies, batches, connections, timeouts, framing (`Limits.ts`). */
  readonly limits: Limits.Limits
  /** The directory of the built admin (`PATRON_ADMIN_DIR`, default `apps/admin/dist`); not served when absent. */
  readonly adminDirectory: string
}

/** One bad variable and what is wrong with it. */
export type Problem = Variables.Problem

/** The configuration cannot be used; every bad variable is named. */
export const ConfigInvalid = Variables.ConfigInvalid
export type ConfigInvalid = Variables.ConfigInvalid

const port = Variables.variable("PORT", 4000, (text) =>
  /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65_535
    ? Result.succeed(Number(text))
    : Result.fail(`must be a port number from 1 to 65535, not ${JSON.stringify(text)}`)
)

const adminToken = Variables.optional("PATRON_ADMIN_TOKEN", (token) =>
  Option.isSome(ApiToken.idOfSecret(token))
    ? Result.succeed(token)
    : Result.fail("must be a token as Patron makes them: pat_<26 characters>.<secret>")
)

const rateLimitPerMinute = Variables.variable("PATRON_RATE_LIMIT_PER_MINUTE", 6000, (text) =>
  /^\d+$/.test(text) ? Result.succeed(Number(text)) : Result.fail("must be a whole number of requests (0 = no limit)")
)

const rateLimitLease = Variables.optional("PATRON_RATE_LIMIT_LEASE", (text) =>
  /^[1-9]\d{0,5}$/.test(text)
    ? Result.succeed(Number(text))
    : Result.fail("must be a whole number of calls from 1 to 999999 (absent: a tenth of a second's worth of the limit)")
)

const corsOrigins = Variables.variable("PATRON_CORS_ORIGINS", Cors.parse(undefined).origins, (text) => {
  const cors = Cors.parse(text)
  return cors.invalid.length === 0
    ? Result.succeed(cors.origins)
    : Result.fail(
        `must list origins such as https://shop.example.com (or *), not ${cors.invalid.map((o) => JSON.stringify(o)).join(", ")}`
      )
})

/** Reads and checks the configuration from the ambient `ConfigProvider`; relative paths are resolved from `cwd`. */
export const read = (cwd = "."): Effect.Effect<Config, ConfigInvalid> =>
  Effect.gen(function* () {
    const embedded = yield* Variables.one(Shared.embedded)
    const values = yield* Variables.collect({
      port,
      host: Variable.map(
        Variables.text("HOST"),
        Option.getOrElse(() => "127.0.0.1")
      ),
      databaseUrl: Shared.databaseUrl,
      dataDir: Variable.map(
        Variables.text("PATRON_DATA_DIR"),
        Option.getOrElse(() => ".patron")
      ),
      adminToken,
      rateLimitPerMinute,
      rateLimitLease,
      corsOrigins,
      seed: Variables.flag("PATRON_SEED", true),
      worker: Shared.inProcessWorker,
      workerTuning: Shared.workerTuning(DeliveryLoop.defaults),
      webhooksAllowPrivate: Shared.webhooksAllowPrivate(embedded),
      retrySchedule: Shared.retrySchedule,
      logLevel: Shared.logLevel,
      logFormat: Shared.logFormat,
      limits: Limits.read(embedded),
      adminDirectory: Variables.text("PATRON_ADMIN_DIR")
    })
    const { databaseUrl, ...rest } = values
    const dataDir = resolve(cwd, values.dataDir)
    return {
      ...rest,
      database: Option.match(databaseUrl, {
        onNone: () => ({ _tag: "PGlite", dataDir: join(dataDir, "data") }) as const,
        onSome: (url) => ({ _tag: "Postgres", url }) as const
      }),
      dataDir,
      rateLimitLease: Option.getOrElse(values.rateLimitLease, () =>
        SharedRateLimit.leaseSizeFor(values.rateLimitPerMinute)
      ),
      adminDirectory: Option.match(values.adminDirectory, {
        onNone: () => Static.defaultDirectory,
        onSome: (directory) => resolve(cwd, directory)
      })
    }
  })

/** Reads and checks the configuration from an environment. */
export const load = (env: Variables.Env, cwd = "."): Result.Result<Config, ConfigInvalid> =>
  Variables.fromEnv(read(cwd), env)
