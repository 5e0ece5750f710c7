/**
 * A standalone webhook worker process on PostgreSQL: `DATABASE_URL=postgres://… pnpm --filter @patron/webhook-worker
 * start`. Any number may run beside the server. SIGTERM or SIGINT stops it gracefully: requests in flight finish and
 * the leases of deliveries not yet sent are given back.
 */
import { Persistence } from "@patron/db"
import { Ids } from "@patron/domain"
import { Effect, Fiber, Layer, Result } from "effect"
import * as Config from "./Config.ts"
import * as Logging from "./Logging.ts"
import * as Worker from "./Worker.ts"

const loaded = Config.load(process.env)
if (Result.isFailure(loaded)) {
  console.error(`invalid configuration:\n${loaded.failure.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`)
  process.exit(1)
}
const config = loaded.success
const services = Layer.mergeAll(
  Persistence.database({ _tag: "Postgres", url: config.databaseUrl, maxConnections: 4 }),
  Ids.Ids.layer,
  Logging.layer(config.logLevel)
)
const fiber = Effect.runFork(
  Effect.scoped(Worker.run({ ...config.worker, owner: Worker.ownerName() })).pipe(Effect.provide(services))
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
