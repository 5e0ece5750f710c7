/**
 * The Patron server process: validates its configuration, migrates and bootstraps the database, serves the API, and
 * shuts down gracefully on SIGTERM/SIGINT (stops accepting, finishes in-flight requests, closes the database).
 */
import { RateLimitBuckets } from "@patron/db"
import { Effect, ManagedRuntime, Result } from "effect"
import { make as makeAuthentication } from "./Authentication.ts"
import { bootstrap } from "./Bootstrap.ts"
import * as Config from "./Config.ts"
import { handler, type RequestLog } from "./Http.ts"
import * as Listener from "./Listener.ts"
import * as RateLimit from "./RateLimit.ts"
import { seed } from "./Seed.ts"
import * as Services from "./Services.ts"
import * as SharedRateLimit from "./SharedRateLimit.ts"
import * as Static from "./Static.ts"

// Relative paths (PATRON_DATA_DIR) mean the directory the command was typed in (`INIT_CWD` under pnpm).
const loaded = Config.load(process.env, process.env.INIT_CWD ?? process.cwd())
if (Result.isFailure(loaded)) {
  console.error(loaded.failure.message)
  process.exit(1)
}
const config = loaded.success
const levels = { debug: 0, info: 1, warn: 2, error: 3 }
const logs = (level: keyof typeof levels) => levels[level] >= levels[config.logLevel]

const runtime = ManagedRuntime.make(Services.layer(config))
const started = await runtime.runPromise(bootstrap(config))
if (config.seed && started.isNewTenant) await runtime.runPromise(seed(started.tenantId))
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
    run: (effect) => runtime.runPromiseExit(effect),
    authenticate: authentication.authenticate,
    rateLimit: (tokenId, count) => limiter.take(tokenId, Date.now(), count),
    limits: config.limits,
    ...(admin === undefined ? {} : { fallback: admin }),
    corsOrigins: config.corsOrigins,
    isReady: () => runtime.runPromise(Effect.flatMap(Effect.service(Services.DatabaseTag), (db) => db.ping)),
    log: (line: RequestLog) => {
      if (logs(line.status >= 500 ? "error" : "info"))
        console.log(JSON.stringify({ level: "info", msg: "request", ...line }))
    }
  }),
  config.limits
)
server.listen(config.port, config.host, () => {
  const url = `http://${config.host}:${config.port}`
  console.log(`Patron is running at ${url} (${config.database._tag === "PGlite" ? "embedded PGlite" : "PostgreSQL"})`)
  for (const created of [started.created].flatMap((o) => (o._tag === "Some" ? [o.value] : []))) {
    console.log(`admin API token (shown once, also written to ${created.file}):\n  ${created.secret}`)
  }
})

let stopping = false
const shutdown = (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(`${signal}: finishing in-flight requests and closing the database`)
  server.close(async () => {
    await authentication.stop()
    await runtime.dispose()
    process.exit(0)
  })
  server.closeIdleConnections()
}
process.on("SIGTERM", () => shutdown("SIGTERM"))
process.on("SIGINT", () => shutdown("SIGINT"))
