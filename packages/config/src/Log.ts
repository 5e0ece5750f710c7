/**
 * The log of Patron's processes, one format for the server and the worker: one line per event, a JSON object
 * `{"time","level","msg",...fields}` by default, or a short human line (`PATRON_LOG_FORMAT=pretty`), at or above
 * `PATRON_LOG_LEVEL`. Effect code logs with `Effect.log*` (annotations and object arguments become fields) through
 * `layer`; code outside Effect logs through `writer`. Both write through the `write` a process gives (its stdout).
 */
import { Cause, type LogLevel as EffectLevel, Layer, Logger, References } from "effect"
import type { LogFormat, LogLevel } from "./Shared.ts"

/** The fields of an event besides its time, level and message: an object's own properties. */
export type Fields = object

/** How a process logs. */
export interface Settings {
  readonly level: LogLevel
  readonly format: LogFormat
  /** Writes one line (without its newline). */
  readonly write: (line: string) => void
}

/** One event of the log. */
export interface Event {
  readonly time: Date
  readonly level: LogLevel
  readonly msg: string
  readonly fields?: Fields
}

const ranks: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 }

/** Whether an event at `level` is written under the minimum level `minimum`. */
export const isLogged = (level: LogLevel, minimum: LogLevel): boolean => ranks[level] >= ranks[minimum]

const reserved = new Set(["time", "level", "msg"])

/** Values JSON cannot carry as they are: errors as their name, message and stack; bigints as text. */
const plain = (_key: string, value: unknown): unknown => {
  if (typeof value === "bigint") return value.toString()
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }
  return value
}

const json = (value: unknown): string => {
  try {
    return JSON.stringify(value, plain) ?? "null"
  } catch {
    return JSON.stringify(String(value))
  }
}

const pretty = (event: Event): string => {
  const fields = Object.entries(event.fields ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const text = typeof value === "string" ? value : json(value)
      return `${key}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`
    })
  const time = event.time.toISOString().slice(11, 23)
  return [time, event.level.toUpperCase().padEnd(5), event.msg, ...fields].join(" ")
}

/** An event as its line, in the format; a field never replaces the time, level or message. */
export const format = (logFormat: LogFormat, event: Event): string => {
  if (logFormat === "pretty") return pretty(event)
  const fields = Object.fromEntries(Object.entries(event.fields ?? {}).filter(([key]) => !reserved.has(key)))
  return json({ time: event.time.toISOString(), level: event.level, msg: event.msg, ...fields })
}

/**
 * Logs from code outside Effect: one function per level, each taking the message and its fields; and `announce`, for
 * what a process says once as it starts or stops (where it runs, …), an `info` event written whatever the level.
 */
export type Writer = Readonly<Record<LogLevel | "announce", (msg: string, fields?: Fields) => void>>

/** A writer over the settings. */
export const writer = (settings: Settings): Writer => {
  const write = (level: LogLevel, msg: string, fields?: Fields) =>
    settings.write(format(settings.format, { time: new Date(), level, msg, ...(fields ? { fields } : {}) }))
  const at =
    (level: LogLevel) =>
    (msg: string, fields?: Fields): void => {
      if (isLogged(level, settings.level)) write(level, msg, fields)
    }
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    announce: (msg, fields) => write("info", msg, fields)
  }
}

const levelOf = (level: EffectLevel.LogLevel): LogLevel => {
  if (level === "Trace" || level === "Debug") return "debug"
  if (level === "Warn") return "warn"
  if (level === "Error" || level === "Fatal") return "error"
  return "info"
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Error)

/** A few words saying why something failed: a driver's detail (connection refused, …) or the error's message. */
export const reasonOf = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.squash(cause)
  const detail = typeof error === "object" && error !== null ? (error as { detail?: unknown }).detail : undefined
  if (typeof detail === "string") return detail
  if (error instanceof Error) return error.message
  return String(error)
}

/** effect's logger writing the events of `Effect.log*`: strings make the message, objects and annotations fields. */
export const logger = (settings: Settings): Logger.Logger<unknown, void> =>
  Logger.make((options) => {
    const parts = Array.isArray(options.message) ? options.message : [options.message]
    const words = parts.filter((part) => !isRecord(part)).map((part) => (typeof part === "string" ? part : json(part)))
    const fields: Record<string, unknown> = { ...options.fiber.getRef(References.CurrentLogAnnotations) }
    for (const part of parts) if (isRecord(part)) Object.assign(fields, part)
    if (options.cause.reasons.length > 0) {
      fields.reason ??= reasonOf(options.cause)
      fields.cause = Cause.pretty(options.cause)
    }
    settings.write(
      format(settings.format, { time: options.date, level: levelOf(options.logLevel), msg: words.join(" "), fields })
    )
  })

const minimumLevels = { debug: "Debug", info: "Info", warn: "Warn", error: "Error" } as const

/** The process's loggers replaced by `logger`, at the settings' minimum level. */
export const layer = (settings: Settings): Layer.Layer<never> =>
  Layer.merge(
    Logger.layer([logger(settings)]),
    Layer.succeed(References.MinimumLogLevel)(minimumLevels[settings.level])
  )
