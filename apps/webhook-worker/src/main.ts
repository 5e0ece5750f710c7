/**
 * A standalone webhook worker process on PostgreSQL: `DATABASE_URL=postgres://… pnpm --filter @patron/webhook-worker
 * start`. Any number may run beside the server. SIGTERM or SIGINT stops it gracefully: requests in flight finish and
 * the leases of deliveries not yet sent are given back. Started while PostgreSQL is down, it waits for it.
 */
import { Persistence } from "@patron/db"
import { Ids } from "@patron/domain"
import { Cause, Effect, Fiber, Layer, Result, Schedule } from "effect"
import * as Config from "./Config.ts"
import * as Logging from "./Logging.ts"
import * as Worker from "./OnDatabase.ts"

const loaded = Config.load(process.env)
if (Result.isFailure(loaded)) {
  console.error(loaded.failure.message)
  process.exit(1)
}
const config = loaded.success
/** The database, migrated; while it cannot be reached, the worker waits for it rather than exiting. */
const database = Layer.build(
  Persistence.database({ _tag: "Postgres", url: config.databaseUrl, maxConnections: 4 })
).pipe(
  Effect.catchCause((cause) => Effect.fail(cause)),
  Effect.tapError((cause) => Effect.logWarning("waiting for the database", Cause.pretty(cause).split("\n")[0])),
  Effect.retry({ schedule: Schedule.spaced("2 seconds") })
)
const fiber = Effect.runFork(
  Effect.scoped(
    Effect.flatMap(database, (context) =>
      Worker.run({ ...config.worker, owner: Worker.ownerName() }).pipe(Effect.provideContext(context))
    )
  ).pipe(Effect.provide(Layer.merge(Ids.Ids.layer, Logging.layer(config.logLevel))))
)

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  console.log(JSON.stringify({ level: "INFO", message: `${signal}: finishing deliveries in flight` }))
  Effect.runPromise(Fiber.interrupt(fiber)).then(() => process.exit(0))
}
process.on("SIGTERM", () => stop("SIGTERM"))
process.on("SIGINT", () => stop("SIGINT"))
fiber.addObserver((exit) => {
  if (!stopping) {
    console.error(JSON.stringify({ level: "ERROR", message: "the worker stopped", exit: String(exit) }))
    process.exit(1)
  }
})
