/**
 * Environment variables read with effect's `Config` from the ambient `ConfigProvider`. A variable set to the empty
 * string counts as absent. Each variable is a `Config` that fails with a `ConfigError` naming it when its text cannot
 * be used; `collect` reads a record of them, each on its own, so a process reports every bad variable at once before
 * it starts; `fromEnv` reads through a provider built from an env record (`process.env`, or a test's object).
 */
import { Config, ConfigProvider, Effect, Option, Result, Schema, SchemaIssue } from "effect"

/** The environment a process is configured from. */
export type Env = Readonly<Record<string, string | undefined>>

/** One bad variable and what is wrong with it. */
export interface Problem {
  readonly variable: string
  readonly message: string
}

/** The configuration cannot be used; every bad variable is named. */
export class ConfigInvalid extends Schema.TaggedError<ConfigInvalid>()("ConfigInvalid", {
  problems: Schema.Array(Schema.Struct({ variable: Schema.String, message: Schema.String }))
}) {
  override get message() {
    return `invalid configuration:\n${this.problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`
  }
}

/** The error of a variable whose value cannot be used: an invalid value at the variable's path. */
export const invalid = (variable: string, message: string): Config.ConfigError =>
  new Config.ConfigError(
    new Schema.SchemaError(new SchemaIssue.Pointer([variable], new SchemaIssue.InvalidValue({ message })))
  )

/** The variable and message of a configuration error (`invalid`'s, or a provider's own). */
export const problemOf = (error: Config.ConfigError): Problem => {
  const cause = error.cause
  if (Schema.isSchemaError(cause) && cause.issue._tag === "Pointer" && cause.issue.path.length > 0) {
    const inner = cause.issue.issue
    const message =
      inner._tag === "InvalidValue" && typeof inner.annotations?.message === "string"
        ? inner.annotations.message
        : SchemaIssue.makeFormatterDefault()(inner)
    return { variable: cause.issue.path.map(String).join("_"), message }
  }
  return { variable: "configuration", message: error.message }
}

/** The text of a variable; absent (or empty): none. */
export const text = (variable: string): Config.Config<Option.Option<string>> => Config.option(Config.String(variable))

/** A variable decoded from its text by `decode` (a failure is the message); absent (or empty): none. */
export const optional = <A>(
  variable: string,
  decode: (text: string) => Result.Result<A, string>
): Config.Config<Option.Option<A>> =>
  text(variable).pipe(
    Config.mapEffect(
      Option.match({
        onNone: () => Effect.succeedNone,
        onSome: (value) =>
          Result.match(decode(value), {
            onSuccess: Effect.succeedSome,
            onFailure: (message) => Effect.fail(invalid(variable, message))
          })
      })
    )
  )

/** A variable decoded from its text by `decode`; absent (or empty): `fallback`. */
export const variable = <A>(
  name: string,
  fallback: A,
  decode: (text: string) => Result.Result<A, string>
): Config.Config<A> =>
  Config.map(
    optional(name, decode),
    Option.getOrElse(() => fallback)
  )

/** A 0/1 (or false/true) switch. */
export const flag = (name: string, fallback: boolean): Config.Config<boolean> =>
  variable(name, fallback, (value) => {
    if (value === "1" || value === "true") return Result.succeed(true)
    if (value === "0" || value === "false") return Result.succeed(false)
    return Result.fail(`must be 0 or 1, not ${JSON.stringify(value)}`)
  })

/** A whole number at least `minimum`. */
export const wholeNumber = (
  name: string,
  options: { readonly fallback: number; readonly minimum: number }
): Config.Config<number> =>
  variable(name, options.fallback, (value) =>
    /^\d+$/.test(value) && Number(value) >= options.minimum
      ? Result.succeed(Number(value))
      : Result.fail(`must be a whole number of at least ${options.minimum}, not ${JSON.stringify(value)}`)
  )

/** Reads one variable's `Config`, failing with its problem. */
export const one = <A>(config: Config.Config<A>): Effect.Effect<A, ConfigInvalid> =>
  Effect.mapError(config, (error) => new ConfigInvalid({ problems: [problemOf(error)] }))

/** One thing `collect` reads: a variable's `Config`, or a group of them already collected. */
export type Field<A> = Effect.Effect<A, Config.ConfigError | ConfigInvalid>

/**
 * Reads every field of a record, in order, each on its own: fails with the problems of all the bad ones (a group's
 * problems in place), or succeeds with the record of values.
 */
export const collect = <const Fields extends Record<string, Field<unknown>>>(
  fields: Fields
): Effect.Effect<{ -readonly [K in keyof Fields]: Effect.Success<Fields[K]> }, ConfigInvalid> =>
  Effect.gen(function* () {
    const values: Record<string, unknown> = {}
    const problems: Array<Problem> = []
    for (const [key, field] of Object.entries(fields)) {
      const result = yield* Effect.result(field)
      if (Result.isSuccess(result)) values[key] = result.success
      else if (result.failure instanceof ConfigInvalid) problems.push(...result.failure.problems)
      else problems.push(problemOf(result.failure))
    }
    if (problems.length > 0) return yield* new ConfigInvalid({ problems })
    return values as { -readonly [K in keyof Fields]: Effect.Success<Fields[K]> }
  })

/** Runs a reading of the configuration against an environment record, through a `ConfigProvider` built from it. */
export const fromEnv = <A>(reading: Effect.Effect<A, ConfigInvalid>, env: Env): Result.Result<A, ConfigInvalid> =>
  Effect.runSync(
    Effect.result(reading).pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord(env)))
  )
