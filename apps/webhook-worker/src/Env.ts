/**
 * Reading settings from environment variables: each reader returns the value or its fallback and adds a problem that
 * names the variable when the text cannot be used, so a process reports every bad setting at once before it starts.
 * The server reads its shared settings (the retry schedule, private delivery, the worker's tuning) with these too.
 */
import { RetrySchedule } from "@patron/domain"
import { Result } from "effect"

export type Env = Readonly<Record<string, string | undefined>>

/** One bad variable and what is wrong with it. */
export interface Problem {
  readonly variable: string
  readonly message: string
}

const given = (env: Env, variable: string) => {
  const value = env[variable]
  return value === undefined || value === "" ? undefined : value
}

/** A 0/1 (or false/true) switch. */
export const flag = (env: Env, variable: string, fallback: boolean, problems: Array<Problem>): boolean => {
  const value = given(env, variable)
  if (value === undefined) return fallback
  if (value === "1" || value === "true") return true
  if (value === "0" || value === "false") return false
  problems.push({ variable, message: `must be 0 or 1, not ${JSON.stringify(value)}` })
  return fallback
}

/** A whole number at least `minimum`. */
export const wholeNumber = (
  env: Env,
  variable: string,
  options: { readonly fallback: number; readonly minimum: number },
  problems: Array<Problem>
): number => {
  const value = given(env, variable)
  if (value === undefined) return options.fallback
  if (!/^\d+$/.test(value) || Number(value) < options.minimum) {
    problems.push({
      variable,
      message: `must be a whole number of at least ${options.minimum}, not ${JSON.stringify(value)}`
    })
    return options.fallback
  }
  return Number(value)
}

/** `PATRON_WEBHOOK_RETRY_SCHEDULE`, such as `5s,5m,30m,2h,5h,10h,10h` (the default). */
export const retrySchedule = (env: Env, problems: Array<Problem>): RetrySchedule.Schedule => {
  const value = given(env, "PATRON_WEBHOOK_RETRY_SCHEDULE")
  if (value === undefined) return RetrySchedule.defaultSchedule
  const parsed = RetrySchedule.parseSchedule(value)
  if (Result.isSuccess(parsed)) return parsed.success
  problems.push({ variable: "PATRON_WEBHOOK_RETRY_SCHEDULE", message: parsed.failure.message })
  return RetrySchedule.defaultSchedule
}

/** The log levels a process accepts in `PATRON_LOG_LEVEL`. */
export const logLevels = ["debug", "info", "warn", "error"] as const
export type LogLevel = (typeof logLevels)[number]

export const logLevel = (env: Env, problems: Array<Problem>): LogLevel => {
  const value = given(env, "PATRON_LOG_LEVEL") ?? "info"
  if ((logLevels as ReadonlyArray<string>).includes(value)) return value as LogLevel
  problems.push({ variable: "PATRON_LOG_LEVEL", message: `must be one of ${logLevels.join(", ")}` })
  return "info"
}
