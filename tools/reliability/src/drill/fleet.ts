/**
 * The fleet drill: two server processes and two worker processes on one PostgreSQL, the clients' calls spread over
 * both servers. Under load a worker is SIGKILLed (and a new one started, as a supervisor would) and then PostgreSQL
 * restarts; afterwards nothing acknowledged is lost and every event reached the receiver, whichever process wrote or
 * delivered it.
 */
import { killOne, since, sleep, underLoad } from "./faults.ts"
import type { Sizes } from "./load.ts"
import * as Readiness from "./readiness.ts"
import type { Result } from "./report.ts"
import { bounce, Outage } from "./restart.ts"

export const shape = { servers: 2, workers: 2 } as const

/** The fleet under load, a worker killed, then PostgreSQL restarted. */
export const drill = (sizes: Sizes, options: { readonly downSeconds: number }): Promise<Result> => {
  const outage = new Outage()
  return underLoad(
    `fleet: ${shape.servers} servers, ${shape.workers} workers`,
    sizes,
    {
      script: async (world, origin, findings) => {
        world.receiver.delayMillis = 20
        await sleep(Math.max(1_000, sizes.seconds * 200))
        await Readiness.until(() => world.receiver.inFlight() > 0, 30_000, "a delivery in flight")
        const inFlight = world.receiver.inFlight()
        await killOne(world)
        const killedAt = Date.now()
        world.startWorker()
        await sleep(Math.max(1_000, sizes.seconds * 200))
        const restart = await bounce(world, origin, findings, { outage, downSeconds: options.downSeconds })
        return [
          [
            "worker SIGKILLed",
            `at ${since(origin, killedAt)} with ${inFlight} deliveries in flight; a new worker started at once`
          ],
          ...restart
        ]
      },
      isExcused: outage.excuses
    },
    shape
  )
}
