/**
 * The worker's settings from environment variables, validated at start. A standalone worker needs PostgreSQL
 * (`DATABASE_URL`): the embedded database lives inside the server process, which runs its own worker.
 */
import { Result } from "effect"
import * as Env from "./Env.ts"
import { defaults, type Options } from "./Worker.ts"

/** How the delivery loop is tuned: `PATRON_WORKER_CONCURRENCY`, `…_PER_ENDPOINT`, `…_LEASE_MS`, `…_POLL_MS`. */
export type Tuning = Pick<Options, "concurrency" | "perEndpoint" | "leaseMillis" | "pollMillis">

export const tuning = (env: Env.Env, problems: Array<Env.Problem>): Tuning => ({
  concurrency: Env.wholeNumber(
    env,
    "PATRON_WORKER_CONCURRENCY",
    { fallback: defaults.concurrency, minimum: 1 },
    problems
  ),
  perEndpoint: Env.wholeNumber(
    env,
    "PATRON_WORKER_PER_ENDPOINT",
    { fallback: defaults.perEndpoint, minimum: 1 },
    problems
  ),
  leaseMillis: Env.wholeNumber(
    env,
    "PATRON_WORKER_LEASE_MS",
    { fallback: defaults.leaseMillis, minimum: 1_000 },
    problems
  ),
  pollMillis: Env.wholeNumber(env, "PATRON_WORKER_POLL_MS", { fallback: defaults.pollMillis, minimum: 10 }, problems)
})

export interface Config {
  readonly databaseUrl: string
  readonly logLevel: Env.LogLevel
  readonly worker: Omit<Options, "owner">
}

export const load = (env: Env.Env): Result.Result<Config, ReadonlyArray<Env.Problem>> => {
  const problems: Array<Env.Problem> = []
  const databaseUrl = env.DATABASE_URL ?? ""
  if (!/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    problems.push({
      variable: "DATABASE_URL",
      message: "must be a postgres:// connection string (a standalone worker shares PostgreSQL with the server)"
    })
  }
  const config: Config = {
    databaseUrl,
    logLevel: Env.logLevel(env, problems),
    worker: {
      ...defaults,
      ...tuning(env, problems),
      schedule: Env.retrySchedule(env, problems),
      allowPrivate: Env.flag(env, "PATRON_WEBHOOKS_ALLOW_PRIVATE", false, problems)
    }
  }
  return problems.length === 0 ? Result.succeed(config) : Result.fail(problems)
}
