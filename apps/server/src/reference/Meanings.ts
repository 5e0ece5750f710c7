/**
 * What each configuration variable means, for `docs/configuration.md`. The list of variables is not kept here: it is
 * what the processes' readers ask for (`Settings.ts`); a variable a reader asks for that has no meaning here fails the
 * generator (and its test), and a meaning whose variable no reader asks for any more is left out. Each default stated
 * here is checked against the readers (Reference.test.ts): the variable set to it reads the same configuration as the
 * variable left out.
 */
import type { Setting } from "./Settings.ts"

/** The sections of the configuration reference, in order. */
export const groups = ["Listening", "Database and files", "Access", "HTTP limits", "Webhooks", "Logging"] as const
export type Group = (typeof groups)[number]

/** What one variable means. */
export interface Meaning {
  readonly group: Group
  readonly meaning: string
  /** Its default in each setting that reads it, as text one could set it to; absent where there is none. */
  readonly defaults?: Partial<Record<Setting, string>>
  /** A default that is not a value one could set (computed, or "absent"), said in words. */
  readonly defaultInWords?: string
}

const everywhere = (value: string): Partial<Record<Setting, string>> => ({
  embedded: value,
  postgres: value,
  worker: value
})
const servers = (value: string): Partial<Record<Setting, string>> => ({ embedded: value, postgres: value })

export const meanings: Readonly<Record<string, Meaning>> = {
  PORT: { group: "Listening", meaning: "The TCP port the server listens on.", defaults: servers("4000") },
  HOST: {
    group: "Listening",
    meaning: "The address the server listens on; `0.0.0.0` for every interface.",
    defaults: servers("127.0.0.1")
  },
  DATABASE_URL: {
    group: "Database and files",
    meaning:
      "PostgreSQL (15 or later) connection string. Absent, the server runs on its embedded PGlite database; a " +
      "standalone worker requires it.",
    defaultInWords: "absent: embedded PGlite"
  },
  PATRON_DATA_DIR: {
    group: "Database and files",
    meaning: "Where the embedded database (`data/`) and the admin token file (`admin-token`) are kept.",
    defaults: servers(".patron")
  },
  PATRON_ADMIN_DIR: {
    group: "Database and files",
    meaning: "The built admin the server serves at `/` (not served when the directory has no `index.html`).",
    defaultInWords: "`apps/admin/dist`"
  },
  PATRON_SEED: {
    group: "Database and files",
    meaning: "`0` skips the sample data written to a new tenant on the first start.",
    defaults: servers("1")
  },
  PATRON_ADMIN_TOKEN: {
    group: "Access",
    meaning:
      "The value of the admin API token created on an empty database (`pat_<26 characters>.<secret>`). Absent, a " +
      "random one is made, printed once and written to `<PATRON_DATA_DIR>/admin-token` (mode 600).",
    defaultInWords: "random"
  },
  PATRON_CORS_ORIGINS: {
    group: "Access",
    meaning:
      "Browser origins allowed to call `/trpc` from another origin (products embedding the admin), space- or " +
      "comma-separated, or `*`.",
    defaultInWords: "none"
  },
  PATRON_RATE_LIMIT_PER_MINUTE: {
    group: "Access",
    meaning:
      "Requests a minute per API token, one budget across every server process on the same PostgreSQL; each call " +
      "of a batch counts; `0` turns the limit off. Past it: `429 TOO_MANY_REQUESTS` with `Retry-After`.",
    defaults: servers("6000")
  },
  PATRON_RATE_LIMIT_LEASE: {
    group: "Access",
    meaning:
      "On PostgreSQL, calls a server process leases at once from a token's budget in the database (one statement " +
      "per lease); calls leased and unused for a second are spent.",
    defaultInWords: "a tenth of a second's worth of the limit (10 at 6000), at least 1"
  },
  PATRON_MAX_BODY_BYTES: {
    group: "HTTP limits",
    meaning: "The largest request body. Past it: `413 PAYLOAD_TOO_LARGE`, connection closed.",
    defaults: servers("1048576")
  },
  PATRON_MAX_IMPORT_BYTES: {
    group: "HTTP limits",
    meaning:
      "The largest CSV body of `POST /import/customers` (100 MiB). A larger declared `content-length`: `413 PAYLOAD_TOO_LARGE`; a streamed body growing past it fails the import, naming the rows that landed (docs/csv.md).",
    defaults: servers("104857600")
  },
  PATRON_MAX_BATCH_CALLS: {
    group: "HTTP limits",
    meaning: "Most calls in one tRPC batch (`/trpc/a,b,c?batch=1`). Past it: `400 BAD_REQUEST`.",
    defaults: servers("50")
  },
  PATRON_MAX_CONCURRENT_REQUESTS: {
    group: "HTTP limits",
    meaning:
      "API requests in work at once (`0`: no bound); more wait their turn in arrival order. One that waits " +
      "`PATRON_REQUEST_TIMEOUT_MS` is answered `503 SERVICE_UNAVAILABLE` with `Retry-After: 1`.",
    defaults: { embedded: "2", postgres: "0" }
  },
  PATRON_HEADERS_TIMEOUT_MS: {
    group: "HTTP limits",
    meaning: "Time a client has to send a request's headers. Past it: `408`, connection closed.",
    defaults: servers("10000")
  },
  PATRON_REQUEST_TIMEOUT_MS: {
    group: "HTTP limits",
    meaning: "Time a client has to send a whole request, body included; at least the headers timeout.",
    defaults: servers("30000")
  },
  PATRON_KEEP_ALIVE_TIMEOUT_MS: {
    group: "HTTP limits",
    meaning: "How long an idle keep-alive connection stays open.",
    defaults: servers("5000")
  },
  PATRON_MAX_CONNECTIONS: {
    group: "HTTP limits",
    meaning: "Open connections at most; a new one past it is closed as it arrives.",
    defaults: servers("1024")
  },
  PATRON_FRAME_ANCESTORS: {
    group: "HTTP limits",
    meaning:
      "Who may show the admin in a frame (its CSP's `frame-ancestors`): `'self'` and/or origins such as " +
      "`https://shop.example.com` or `https://*.example.com`, space- or comma-separated.",
    defaults: servers("'none'")
  },
  PATRON_WORKER: {
    group: "Webhooks",
    meaning:
      "Whether the server runs a webhook worker inside its own process. Set `0` on servers when standalone workers " +
      "deliver instead.",
    defaults: servers("1")
  },
  PATRON_WEBHOOKS_ALLOW_PRIVATE: {
    group: "Webhooks",
    meaning:
      "`1` allows webhook URLs on private, loopback, link-local and metadata addresses (checked at endpoint " +
      "creation and again after DNS resolution at send time).",
    defaults: { embedded: "1", postgres: "0", worker: "0" }
  },
  PATRON_WEBHOOK_RETRY_SCHEDULE: {
    group: "Webhooks",
    meaning:
      "Comma-separated delays between attempts (±10 % jitter, never sooner than a 429/503's `Retry-After`); after " +
      "the last one a delivery is marked failed.",
    defaults: everywhere("5s,5m,30m,2h,5h,10h,10h")
  },
  PATRON_WORKER_CONCURRENCY: {
    group: "Webhooks",
    meaning:
      "Deliveries a worker holds at once: claimed and waiting for their endpoint, being sent, or being recorded; it claims again when half are done.",
    defaults: everywhere("128")
  },
  PATRON_WORKER_PER_ENDPOINT: {
    group: "Webhooks",
    meaning: "Webhook requests a worker has in flight to one endpoint at once.",
    defaults: everywhere("8")
  },
  PATRON_WORKER_LEASE_MS: {
    group: "Webhooks",
    meaning: "How long a worker's claim on a delivery lasts unrenewed: how soon a dead worker's claims are taken over.",
    defaults: everywhere("60000")
  },
  PATRON_WORKER_POLL_MS: {
    group: "Webhooks",
    meaning: "How often a worker looks for work when no PostgreSQL NOTIFY wakes it.",
    defaults: everywhere("5000")
  },
  PATRON_LOG_LEVEL: {
    group: "Logging",
    meaning: "The least severe log lines written.",
    defaults: everywhere("info")
  },
  PATRON_LOG_FORMAT: {
    group: "Logging",
    meaning: "`json`: one JSON object a line; `pretty`: short lines for a terminal.",
    defaults: everywhere("json")
  }
}
