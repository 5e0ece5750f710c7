/**
 * The server's configuration from environment variables (PRODUCT.md §1), validated at start: a bad value stops the
 * process with a message naming the variable.
 */
import { join, resolve } from "node:path"
import { ApiToken, type RetrySchedule } from "@patron/domain"
import { Env, Config as WorkerConfig } from "@patron/webhook-worker"
import { Option, Result, Schema } from "effect"
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
  /** Whether the server runs a webhook worker in its own process (the embedded default). */
  readonly worker: boolean
  readonly workerTuning: WorkerConfig.Tuning
  readonly webhooksAllowPrivate: boolean
  readonly retrySchedule: RetrySchedule.Schedule
  readonly logLevel: Env.LogLevel
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
export type Problem = Env.Problem

/** The configuration cannot be used; every bad variable is named. */
export class ConfigInvalid extends Schema.TaggedError<ConfigInvalid>()("ConfigInvalid", {
  problems: Schema.Array(Schema.Struct({ variable: Schema.String, message: Schema.String }))
}) {
  override get message() {
    return `invalid configuration:\n${this.problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`
  }
}

/** Reads and checks the configuration from an environment. */
export const load = (env: Env.Env, cwd = "."): Result.Result<Config, ConfigInvalid> => {
  const problems: Array<Problem> = []
  const portText = env.PORT ?? "4000"
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port < 1 || port > 65_535) {
    problems.push({
      variable: "PORT",
      message: `must be a port number from 1 to 65535, not ${JSON.stringify(portText)}`
    })
  }
  const host = env.HOST ?? "127.0.0.1"
  const url = env.DATABASE_URL
  if (url !== undefined && url !== "" && !/^postgres(ql)?:\/\/.+/.test(url)) {
    problems.push({ variable: "DATABASE_URL", message: "must be a postgres:// or postgresql:// connection string" })
  }
  const isEmbedded = url === undefined || url === ""
  const dataDir = resolve(cwd, env.PATRON_DATA_DIR ?? ".patron")
  const adminToken = env.PATRON_ADMIN_TOKEN
  if (adminToken !== undefined && adminToken !== "" && Option.isNone(ApiToken.idOfSecret(adminToken))) {
    problems.push({
      variable: "PATRON_ADMIN_TOKEN",
      message: "must be a token as Patron makes them: pat_<26 characters>.<secret>"
    })
  }
  const rateText = env.PATRON_RATE_LIMIT_PER_MINUTE ?? "6000"
  if (!/^\d+$/.test(rateText)) {
    problems.push({
      variable: "PATRON_RATE_LIMIT_PER_MINUTE",
      message: "must be a whole number of requests (0 = no limit)"
    })
  }
  const leaseText = env.PATRON_RATE_LIMIT_LEASE ?? ""
  if (leaseText !== "" && !/^[1-9]\d{0,5}$/.test(leaseText)) {
    problems.push({
      variable: "PATRON_RATE_LIMIT_LEASE",
      message: "must be a whole number of calls from 1 to 999999 (absent: a tenth of a second's worth of the limit)"
    })
  }
  const cors = Cors.parse(env.PATRON_CORS_ORIGINS)
  if (cors.invalid.length > 0) {
    problems.push({
      variable: "PATRON_CORS_ORIGINS",
      message: `must list origins such as https://shop.example.com (or *), not ${cors.invalid.map((o) => JSON.stringify(o)).join(", ")}`
    })
  }
  const config: Config = {
    port,
    host,
    database: isEmbedded ? { _tag: "PGlite", dataDir: join(dataDir, "data") } : { _tag: "Postgres", url },
    dataDir,
    adminToken: adminToken === undefined || adminToken === "" ? Option.none() : Option.some(adminToken),
    seed: Env.flag(env, "PATRON_SEED", true, problems),
    worker: Env.flag(env, "PATRON_WORKER", isEmbedded, problems),
    workerTuning: WorkerConfig.tuning(env, problems),
    webhooksAllowPrivate: Env.flag(env, "PATRON_WEBHOOKS_ALLOW_PRIVATE", isEmbedded, problems),
    retrySchedule: Env.retrySchedule(env, problems),
    logLevel: Env.logLevel(env, problems),
    rateLimitPerMinute: Number(rateText) || 0,
    rateLimitLease: leaseText === "" ? SharedRateLimit.leaseSizeFor(Number(rateText) || 0) : Number(leaseText),
    corsOrigins: cors.origins,
    limits: Limits.load(env, problems),
    adminDirectory:
      env.PATRON_ADMIN_DIR === undefined || env.PATRON_ADMIN_DIR === ""
        ? Static.defaultDirectory
        : resolve(cwd, env.PATRON_ADMIN_DIR)
  }
  return problems.length === 0 ? Result.succeed(config) : Result.fail(new ConfigInvalid({ problems }))
}
