/**
 * How the HTTP host runs a use case on the app-wide runtime: a failure that is no domain error (the database gone, a
 * defect) is logged once, as `unexpected failure` with its reason and cause; the client is answered without them.
 */
import { Failure } from "@patron/api"
import { Effect, type Exit, type ManagedRuntime } from "effect"

/** Logs the cause of an effect that fails unexpectedly, and fails with it. */
export const loggingUnexpected = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.tapCause(effect, (cause) =>
    Failure.isUnexpected(cause) ? Effect.logError("unexpected failure", cause) : Effect.void
  )

/** Runs effects on the runtime, each to its exit, logging unexpected failures. */
export const make =
  <R, ER>(runtime: ManagedRuntime.ManagedRuntime<R, ER>) =>
  <A, E>(effect: Effect.Effect<A, E, R>): Promise<Exit.Exit<A, E | ER>> =>
    runtime.runPromiseExit(loggingUnexpected(effect))
