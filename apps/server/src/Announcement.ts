/**
 * What the server says as it starts, besides its request log: where Patron runs, where the admin token is (the file
 * the first start wrote, or how to make a token when there is none), and what delivers webhooks. A pure function of
 * what the start found; `main.ts` writes the lines.
 */
import type { Log, Shared } from "@patron/config"
import { Option } from "effect"

/** One line of the announcement. */
export interface Line {
  readonly level: Shared.LogLevel
  readonly msg: string
  readonly fields: Log.Fields
}

/** How an operator makes an admin token of the default tenant with the CLI. */
export const tokenCommand = "pnpm patron token create --tenant default --role admin"

/** What the start found. */
export interface Start {
  readonly url: string
  readonly database: "PGlite" | "Postgres"
  /** The admin token file's absolute path (`<PATRON_DATA_DIR>/admin-token`). */
  readonly tokenFile: string
  /** The admin token's secret, when this start created it. */
  readonly createdToken: Option.Option<string>
  readonly hasTokenFile: boolean
  /** Whether a webhook worker runs in the server's process (`PATRON_WORKER`). */
  readonly worker: boolean
}

const tokenLine = (start: Start): Line => {
  const tokenFile = start.tokenFile
  if (Option.isSome(start.createdToken)) {
    return {
      level: "info",
      msg: `admin API token (shown once, also written to ${tokenFile}): ${start.createdToken.value}`,
      fields: { tokenFile }
    }
  }
  if (start.hasTokenFile) {
    return {
      level: "info",
      msg: `admin API token: in ${tokenFile} (written at the first start)`,
      fields: { tokenFile }
    }
  }
  // The embedded database is this process's alone: the CLI opens it only while the server is stopped.
  const how = start.database === "PGlite" ? `stop the server, then run ${tokenCommand}` : `run ${tokenCommand}`
  return {
    level: "info",
    msg: `admin API token: no file at ${tokenFile} (the database's admin token was made elsewhere); to make one, ${how}`,
    fields: { tokenFile, command: tokenCommand }
  }
}

const webhooksLine = (start: Start): Line => {
  if (start.worker) {
    return {
      level: "info",
      msg: "webhooks: delivered by an in-process worker; set PATRON_WORKER=0 when running standalone workers",
      fields: { webhooks: "in-process worker" }
    }
  }
  if (start.database === "Postgres") {
    return {
      level: "info",
      msg: "webhooks: not delivered by this process (PATRON_WORKER=0); standalone workers deliver them (pnpm --filter @patron/webhook-worker start)",
      fields: { webhooks: "standalone workers" }
    }
  }
  return {
    level: "warn",
    msg: "webhooks: not delivered (PATRON_WORKER=0 on the embedded database, which standalone workers cannot reach); events wait in the outbox",
    fields: { webhooks: "none" }
  }
}

/** The lines a start prints, in order. */
export const lines = (start: Start): ReadonlyArray<Line> => [
  {
    level: "info",
    msg: `Patron is running at ${start.url} (${start.database === "PGlite" ? "embedded PGlite" : "PostgreSQL"})`,
    fields: { url: start.url, database: start.database === "PGlite" ? "PGlite" : "PostgreSQL" }
  },
  tokenLine(start),
  webhooksLine(start)
]
