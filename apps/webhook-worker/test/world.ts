/**
 * A test world: a database (PGlite or a fresh PostgreSQL database) with every port on it, a tenant per test, the
 * domain's use cases to make real events, and workers started and stopped at will.
 */

import { Log } from "@patron/config"
import {
  type Database,
  Deliveries,
  DeliveryLog,
  Persistence,
  SecretsLive,
  Tenants,
  WebhookEndpointRepository
} from "@patron/db"
import { DeliveryQueue, Ids, Tenant, type Webhook, WebhookPolicy, Webhooks } from "@patron/domain"
import { Effect, Exit, Fiber, Layer, Logger, ManagedRuntime } from "effect"
import { afterAll, beforeAll } from "vitest"
import * as Worker from "../src/OnDatabase.ts"
import * as DeliveryLoop from "../src/Worker.ts"
import * as Receiver from "./Receiver.ts"

const services = (database: Layer.Layer<Database>) =>
  Layer.mergeAll(Persistence.ports, WebhookEndpointRepository.layer, DeliveryLog.layer).pipe(
    Layer.provideMerge(database),
    Layer.merge(Ids.Ids.layer),
    Layer.merge(SecretsLive.layer),
    Layer.merge(Layer.succeed(WebhookPolicy)({ allowPrivate: true }))
  )

/** The delivery queue's operations, as a test may wrap them. */
export type Queue = (typeof DeliveryQueue.DeliveryQueue)["Service"]

export type Services = Layer.Success<ReturnType<typeof services>>

/** Worker options for tests: quick retries and polls, private (local) receivers allowed. */
export const testWorker: Omit<Worker.Options, "owner"> = {
  ...Worker.defaults,
  schedule: [200, 200],
  pollMillis: 500,
  leaseMillis: 10_000,
  timeoutMillis: 5_000,
  allowPrivate: true
}

export interface World {
  /** Runs a use case as a new tenant of this test. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Services | Tenant.CurrentTenant>) => Promise<A>
  /**
   * Starts a worker; the returned function stops it gracefully. With `logLines`, the worker's log lines (JSON, as its
   * process prints them) are collected there; with `around`, the worker sees the database's queue through it.
   */
  readonly startWorker: (
    options?: Partial<Worker.Options> & {
      readonly logLines?: Array<string>
      readonly around?: (queue: Queue) => Queue
    }
  ) => () => Promise<void>
  readonly close: () => Promise<void>
}

/** A world over a database; each call of `tenant()` gives a fresh tenant. */
export const open = async (database: Layer.Layer<Database>) => {
  const runtime = ManagedRuntime.make(services(database))
  await runtime.runPromise(Effect.void)
  const workers = new Set<Fiber.Fiber<unknown, unknown>>()
  const stop = async (fiber: Fiber.Fiber<unknown, unknown>) => {
    workers.delete(fiber)
    const exit = await runtime.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))))
    if (Exit.isFailure(exit) && !Exit.hasInterrupts(exit)) throw new Error(`the worker failed: ${String(exit.cause)}`)
  }
  const tenant = async (): Promise<World> => {
    const id = await runtime.runPromise(
      Effect.flatMap(
        Effect.flatMap(Ids.Ids, (ids) => ids.make("tenant")),
        (made) => Tenants.ensure({ id: made as Tenant.TenantId, name: `tenant-${made}` })
      )
    )
    return {
      run: (effect) => runtime.runPromise(Effect.provideService(effect, Tenant.CurrentTenant, { id })),
      startWorker: ({ logLines, around, ...options } = {}) => {
        const worker = { ...testWorker, owner: Worker.ownerName(), ...options }
        const run = Effect.scoped(
          around === undefined
            ? Worker.run(worker)
            : DeliveryLoop.run(worker).pipe(
                Effect.provide(
                  Layer.effect(DeliveryQueue.DeliveryQueue)(
                    Effect.map(Effect.service(DeliveryQueue.DeliveryQueue), around)
                  ).pipe(Layer.provide(Deliveries.layer))
                )
              )
        )
        // The worker's log lines as the process writes them (Log's JSON format), kept for the test.
        const collect = Log.logger({ level: "debug", format: "json", write: (line) => void logLines?.push(line) })
        const fiber = runtime.runFork(logLines === undefined ? run : run.pipe(Effect.provide(Logger.layer([collect]))))
        workers.add(fiber)
        return () => stop(fiber)
      },
      close: async () => {
        for (const fiber of [...workers]) await stop(fiber)
      }
    }
  }
  return { tenant, runtime, close: () => runtime.dispose() }
}

/** Creates an endpoint per receiver path (subscribed to the given events), telling the receiver its secret. */
export const withEndpoints = async (
  world: World,
  receiver: Receiver.Receiver,
  endpoints: Readonly<Record<string, ReadonlyArray<string>>>
) => {
  const ids: Record<string, Webhook.WebhookEndpointId> = {}
  for (const [path, events] of Object.entries(endpoints)) {
    const made = await world.run(Webhooks.create({ url: receiver.url(path), events: events as Webhook.Events }))
    receiver.expectSecrets(path, [made.secret])
    ids[path] = made.endpoint.id
  }
  return ids
}

/** The deliveries of an endpoint, newest first. */
export const deliveriesOf = (world: World, endpointId: Webhook.WebhookEndpointId) =>
  world.run(Webhooks.deliveries({ endpointId })).then((page) => page.items)

/** A path of its own for a test's endpoint. */
export const uniquePath = () => `/${Math.random().toString(36).slice(2)}`

/** What a suite works in: a world on one database and a receiver, opened before its tests and closed after them. */
export interface Suite {
  readonly world: Awaited<ReturnType<typeof open>>
  readonly receiver: Receiver.Receiver
}

/** Opens a world on `database` and starts a receiver before the suite's tests; closes both after them. */
export const suite = (database: () => Layer.Layer<Database>): Suite => {
  const opened: { world?: Suite["world"]; receiver?: Receiver.Receiver } = {}
  beforeAll(async () => {
    opened.world = await open(database())
    opened.receiver = await Receiver.start()
  })
  afterAll(async () => {
    await opened.receiver?.close()
    await opened.world?.close()
  })
  const present = <A>(value: A | undefined, what: string): A => {
    if (value === undefined) throw new Error(`the suite's ${what} is not open yet`)
    return value
  }
  return {
    get world() {
      return present(opened.world, "world")
    },
    get receiver() {
      return present(opened.receiver, "receiver")
    }
  }
}
