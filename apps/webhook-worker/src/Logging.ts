/**
 * The worker's logs in the format every Patron process writes (`@patron/config`'s `Log`): one line per event on
 * stdout, at or above `PATRON_LOG_LEVEL`, JSON unless `PATRON_LOG_FORMAT=pretty`. Nothing logged carries a secret:
 * deliveries are named by id, never by their headers.
 */
import { Log, type Shared } from "@patron/config"

/** Writes a line on stdout. */
export const stdout = (line: string): void => void process.stdout.write(`${line}\n`)

/** The settings of a process's log on stdout. */
export const settings = (level: Shared.LogLevel, format: Shared.LogFormat = "json"): Log.Settings => ({
  level,
  format,
  write: stdout
})

/** effect's logging replaced by the log of the settings. */
export const layer = (level: Shared.LogLevel, format: Shared.LogFormat = "json") => Log.layer(settings(level, format))
