/**
 * The worker's logs: one JSON object per line on stdout, at or above `PATRON_LOG_LEVEL`. Nothing logged carries a
 * secret: deliveries are named by id, never by their headers.
 */
import { Layer, Logger, References } from "effect"
import type { LogLevel } from "./Env.ts"

const levels = { debug: "Debug", info: "Info", warn: "Warn", error: "Error" } as const

export const layer = (level: LogLevel) =>
  Layer.merge(Logger.layer([Logger.consoleJson]), Layer.succeed(References.MinimumLogLevel)(levels[level]))
