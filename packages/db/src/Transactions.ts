/**
 * The domain's Transactions port on the database: a use case's writes and its outbox messages commit together.
 */
import { Transactions } from "@patron/domain"
import { Effect, Layer } from "effect"
import { Database } from "./Database.ts"

/** Transactions over the Database service. */
export const layer = Layer.effect(Transactions)(
  Effect.map(Effect.service(Database), (db) => Transactions.of({ run: db.transaction }))
)
