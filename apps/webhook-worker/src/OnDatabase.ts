/**
 * The worker on Patron's database: the delivery loop (Worker) over the database's DeliveryQueue adapter, as the
 * standalone process and the server's in-process worker run it. It needs the Database and Ids services.
 */
import { Deliveries } from "@patron/db"
import { Effect, Layer } from "effect"
import * as Worker from "./Worker.ts"

export { defaults, type Options, ownerName } from "./Worker.ts"

/** Runs a worker on the database until its scope closes. */
export const run = (options: Worker.Options) => Worker.run(options).pipe(Effect.provide(Deliveries.layer))

/** A layer that runs a worker on the database for as long as it is alive (the server's in-process worker). */
export const layer = (options: Worker.Options) => Worker.layer(options).pipe(Layer.provide(Deliveries.layer))
