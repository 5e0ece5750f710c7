/**
 * The Patron server process: validates its configuration, migrates and bootstraps the database, serves the API, and
 * shuts down gracefully on SIGTERM/SIGINT (stops accepting, finishes in-flight requests, closes the database). It logs
 * one line per event in the format of `@patron/config`'s `Log` (JSON unless `PATRON_LOG_FORMAT=pretty`).
 */
import { existsSync } from "node:fs"
import { Log } from "@patron/config"
import { RateLimitBuckets } from "@patron/db"
import { ImportLog } from "@patron/domain"
import { Logging } from "@patron/webhook-worker"
import { Effect, ManagedRuntime, Option, Result } from "effect"
import * as Announcement from "./Announcement.ts"
import { make as makeAuthentication } from "./Authentication.ts"
import { bootstrap, tokenFileOf } from "./Bootstrap.ts"
import * as Config from "./Config.ts"
import * as CustomerImportRoute from "./CustomerImportRoute.ts"
import { handler, type RequestLog } from "./Http.ts"
import * as Listener from "./Listener.ts"
import * as RateLimit from "./RateLimit.ts"
import * as Runner from "./Runner.ts"
import { seed } from "./Seed.ts"
import * as Services from "./Services.ts"
import * as SharedRateLimit from "./SharedRateLimit.ts"
import * as Static from "./Static.ts"

// Relative paths (PATRON_DATA_DIR) mean the directory the command was typed in (`INIT_CWD` under pnpm).
const loaded = Config.load(process.env, process.env.INIT_CWD ?? process.cwd())
if (Result.isFailure(loaded)) {
  Log.writer(Logging.settings("info")).error("invalid configuration", { problems: loaded.failure.problems })
  process.exit(1)
}
const config = loaded.success
const log = Log.writer(Logging.settings(config.logLevel, config.logFormat))

const runtime = ManagedRuntime.make(Services.layer(config))
const started = await runtime.runPromise(bootstrap(config))
if (config.seed && started.isNewTenant) await runtime.runPromise(seed(started.tenantId))
// Imports left running by a process that is gone (a restart mid-import) are marked failed, naming the rows that landed.
const abandoned = await runtime.runPromise(
  Effect.flatMap(Effect.service(ImportLog), (imports) =>
    imports.interruptAbandoned(CustomerImportRoute.isGone(config.database._tag === "PGlite"))
  )
)
if (abandoned > 0) log.warn("imports interrupted by the end of their process marked failed", { count: abandoned })
const authentication = makeAuthentication(runtime)
const limiter =
  config.database._tag === "PGlite"
    ? RateLimit.make(config.rateLimitPerMinute)
    : SharedRateLimit.make({
        perMinute: config.rateLimitPerMinute,
        leaseSize: config.rateLimitLease,
        lease: (tokenId, want, need) =>
          runtime.runPromise(RateLimitBuckets.lease(tokenId, config.rateLimitPerMinute, want, need))
      })
const admin = Static.serve(config.adminDirectory, { frameAncestors: config.limits.frameAncestors })
setInterval(() => limiter.sweep(Date.now()), 60_000).unref()

const server = Listener.create(
  handler({
    run: Runner.make(runtime),
    authenticate: authentication.authenticate,
    rateLimit: (tokenId, count) => limiter.take(tokenId, Date.now(), count),
    limits: config.limits,
    ...(admin === undefined ? {} : { fallback: admin }),
    corsOrigins: config.corsOrigins,
    isReady: () => runtime.runPromise(Effect.flatMap(Effect.service(Services.DatabaseTag), (db) => db.ping)),
    log: (line: RequestLog) => log[line.status >= 500 ? "error" : "info"]("request", line),
    logFailure: (line) => log.error("unexpected failure in a request handler", line)
  }),
  config.limits
)
server.listen(config.port, config.host, () => {
  const tokenFile = tokenFileOf(config.dataDir)
  const announced = Announcement.lines({
    url: `http://${config.host}:${config.port}`,
    database: config.database._tag,
    tokenFile,
    createdToken: Option.map(started.created, (created) => created.secret),
    hasTokenFile: existsSync(tokenFile),
    worker: config.worker
  })
  for (const line of announced) (line.level === "info" ? log.announce : log[line.level])(line.msg, line.fields)
})

let stopping = false
const shutdown = (signal: string) => {
  if (stopping) return
  stopping = true
  log.announce(`${signal}: finishing in-flight requests and closing the database`, { signal })
  server.close(async () => {
    await authentication.stop()
    await runtime.dispose()
    process.exit(0)
  })
  server.closeIdleConnections()
}
process.on("SIGTERM", () => shutdown("SIGTERM"))
process.on("SIGINT", () => shutdown("SIGINT"))
