/**
 * A standalone webhook worker process on PostgreSQL: `DATABASE_URL=postgres://… pnpm --filter @patron/webhook-worker
 * start`. Any number may run beside the server. SIGTERM or SIGINT stops it gracefully: requests in flight finish and
 * the leases of deliveries not yet sent are given back. Started while PostgreSQL is down, it waits for it.
 */
import { Log } from "@patron/config"
import { Persistence } from "@patron/db"
import { Ids } from "@patron/domain"
import { Effect, Fiber, Layer, Result, Schedule } from "effect"
import * as Config from "./Config.ts"
import * as Logging from "./Logging.ts"
import * as Worker from "./OnDatabase.ts"

const loaded = Config.load(process.env)
if (Result.isFailure(loaded)) {
  Log.writer(Logging.settings("info")).error("invalid configuration", { problems: loaded.failure.problems })
  process.exit(1)
}
const config = loaded.success
const log = Log.writer(Logging.settings(config.logLevel, config.logFormat))
/** The database, migrated; while it cannot be reached, the worker waits for it rather than exiting. */
const database = Layer.build(
  Persistence.database({ _tag: "Postgres", url: config.databaseUrl, maxConnections: 4 })
).pipe(
  Effect.catchCause((cause) => Effect.fail(cause)),
  Effect.tapError((cause) =>
    Effect.logWarning("waiting for the database, trying again in 2 s", { reason: Log.reasonOf(cause) })
  ),
  Effect.retry({ schedule: Schedule.spaced("2 seconds") })
)
const fiber = Effect.runFork(
  Effect.scoped(
    Effect.flatMap(database, (context) =>
      Worker.run({ ...config.worker, owner: Worker.ownerName() }).pipe(Effect.provideContext(context))
    )
  ).pipe(Effect.provide(Layer.merge(Ids.Ids.layer, Logging.layer(config.logLevel, config.logFormat))))
)

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  log.announce(`${signal}: finishing deliveries in flight`, { signal })
  Effect.runPromise(Fiber.interrupt(fiber)).then(() => process.exit(0))
}
process.on("SIGTERM", () => stop("SIGTERM"))
process.on("SIGINT", () => stop("SIGINT"))
fiber.addObserver((exit) => {
  if (!stopping) {
    log.error("the worker stopped", { exit: String(exit) })
    process.exit(1)
  }
})
