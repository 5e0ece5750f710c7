/**
 * The worker's logs: one JSON object per line on stdout, at or above `PATRON_LOG_LEVEL`. Nothing logged carries a
 * secret: deliveries are named by id, never by their headers.
 */

import type { Shared } from "@patron/config"
import { Layer, Logger, References } from "effect"

const levels = { debug: "Debug", info: "Info", warn: "Warn", error: "Error" } as const

export const layer = (level: Shared.LogLevel) =>
  Layer.merge(Logger.layer([Logger.consoleJson]), Layer.succeed(References.MinimumLogLevel)(levels[level]))
