/**
 * Transactions: an effect run by `run` commits all of its writes (records and outbox messages) or none of them.
 */
import { Context, type Effect } from "effect"

/** Runs effects in one database transaction; nested runs join the outer one. */
export class Transactions extends Context.Service<
  Transactions,
  { readonly run: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> }
>()("@patron/domain/Transactions") {}
