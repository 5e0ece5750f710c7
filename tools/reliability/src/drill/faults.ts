/**
 * The fault drills, each under the same load as the load drill and audited the same way afterwards (the PostgreSQL
 * restart is in restart.ts):
 * - worker: the webhook worker SIGKILLed while deliveries are in flight, then started again: nothing lost.
 * - receiver: the receiver down for a while (connection refused): deliveries retry and complete.
 * A server or worker process that dies is a failure; the drill then starts it again, as a supervisor would, so the
 * audit still shows whether anything acknowledged was lost.
 */
import { Ledger } from "./ledger.ts"
import { conclude, newRunId, type Sizes } from "./load.ts"
import * as Readiness from "./readiness.ts"
import { type Figure, Findings, type Result } from "./report.ts"
import * as Traffic from "./traffic.ts"
import { deadWorkers, isRunning, type Shape, serverLogTail, type Worker, type World, within } from "./world.ts"

const exitOf = (worker: Worker) => worker.process.exitCode ?? worker.process.signalCode

/** SIGKILLs the oldest live worker. */
export const killOne = async (world: World) => {
  const victim = world.workers.find((worker) => !worker.killed && isRunning(worker.process))
  if (victim === undefined) throw new Error("no worker to kill")
  await world.killWorker(victim)
}

export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))
export const since = (origin: number, at: number) => `${((at - origin) / 1000).toFixed(1)} s`

export interface Fault {
  /** Causes the fault while the load runs; answers its figures. */
  readonly script: (world: World, origin: number, findings: Findings) => Promise<Array<Figure>>
  /** Which 5xx the fault excuses. */
  readonly isExcused?: (failure: Traffic.ServerSideFailure) => boolean
  /** Figures read after the audit. */
  readonly epilogue?: (world: World, findings: Findings) => Promise<Array<Figure>>
}

/**
 * Runs the load while the fault's script runs, then audits; traffic lasts until both the time and the script end. In
 * a fleet, the calls go to the servers in turn.
 */
export const underLoad = async (
  name: string,
  sizes: Sizes,
  { script, isExcused, epilogue }: Fault,
  shape: Shape = {}
): Promise<Result> =>
  within("PostgreSQL", shape, async (world) => {
    const findings = new Findings()
    const ledger = new Ledger()
    const origin = Date.now()
    let isScriptDone = false
    const scripted = script(world, origin, findings)
      .catch((error: unknown): Array<Figure> => {
        findings.problems.push(
          `${error instanceof Error ? error.message : String(error)}; server log tail: ${serverLogTail(world)}`
        )
        return []
      })
      .finally(() => {
        isScriptDone = true
      })
    const calls = world.admins.map(() => 0)
    let turn = 0
    const traffic = await Traffic.run({
      api: () => {
        const index = turn++ % world.admins.length
        calls[index] = (calls[index] ?? 0) + 1
        return world.admins[index] ?? world.admin
      },
      clients: sizes.clients,
      ledger,
      runId: newRunId(),
      shouldStop: () => isScriptDone && Date.now() >= origin + sizes.seconds * 1000
    })
    const seconds = (Date.now() - origin) / 1000
    const faultFigures = await scripted
    const dead = deadWorkers(world)
    for (const worker of dead) {
      findings.problems.push(
        `a webhook worker died (exit ${exitOf(worker)}): ${worker.output().trim().split("\n").slice(-14).join(" ⏎ ")}`
      )
      // As a supervisor would, so that the audit shows whether the outbox kept the events.
      world.startWorker()
    }
    let figures: Array<Figure> = []
    let closing: Array<Figure> = []
    try {
      figures = await conclude(world, { ledger, traffic, seconds }, findings, {
        drainSeconds: sizes.drainSeconds,
        ...(isExcused === undefined ? {} : { isExcused })
      })
      closing = epilogue === undefined ? [] : await epilogue(world, findings)
    } catch (error) {
      findings.problems.push(`the audit could not read the server: ${error instanceof Error ? error.message : error}`)
    }
    return {
      name,
      setting: `${world.setting}, ${sizes.clients} clients, ${seconds.toFixed(0)} s`,
      figures: [
        ...faultFigures,
        ...(calls.length < 2 ? [] : [["calls per server", calls.join(" · ")] as const]),
        ...dead.map(
          (worker) =>
            ["worker process", `DIED (exit ${exitOf(worker)}); started again by the drill for the audit`] as const
        ),
        ...figures,
        ...closing
      ],
      problems: findings.problems,
      notes: findings.notes,
      seconds: (Date.now() - origin) / 1000
    }
  })

/** The webhook worker SIGKILLed while the receiver holds deliveries in flight, `kills` times, restarted each time. */
export const workerKill = (sizes: Sizes, options: { readonly kills: number }): Promise<Result> =>
  underLoad("fault: worker SIGKILL", sizes, {
    script: async (world, origin) => {
      world.receiver.delayMillis = 40
      const kills: Array<string> = []
      for (let kill = 1; kill <= options.kills; kill++) {
        await sleep(Math.max(0, origin + (kill / (options.kills + 1)) * sizes.seconds * 1000 - Date.now()))
        await Readiness.until(() => world.receiver.inFlight() > 0, 30_000, "a delivery in flight")
        const inFlight = world.receiver.inFlight()
        await killOne(world)
        kills.push(`at ${since(origin, Date.now())} with ${inFlight} in flight`)
        await sleep(1_000)
        world.startWorker()
      }
      return [
        ["worker SIGKILLed", `${kills.length}× (${kills.join("; ")}), a new worker started 1 s after each`],
        ["lease", "3 s (PATRON_WORKER_LEASE_MS)"]
      ]
    }
  })

/** How many deliveries needed more than one attempt, and the most attempts one needed. */
const retries = async (world: World) => {
  let retried = 0
  let most = 0
  let cursor: string | undefined
  do {
    const page = await world.admin.webhooks.deliveries.query({
      endpointId: world.endpointId,
      limit: 200,
      ...(cursor === undefined ? {} : { cursor })
    })
    for (const delivery of page.items) {
      if (delivery.attempts.length > 1) retried++
      most = Math.max(most, delivery.attempts.length)
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return { retried, most }
}

/** The receiver refusing connections for `downSeconds` under load. */
export const receiverDown = (sizes: Sizes, options: { readonly downSeconds: number }): Promise<Result> =>
  underLoad("fault: receiver down", sizes, {
    script: async (world, origin) => {
      await sleep(Math.max(1_000, sizes.seconds * 250))
      const downAt = Date.now()
      await world.receiver.down()
      await sleep(options.downSeconds * 1000)
      await world.receiver.up()
      return [["receiver", `refusing connections from ${since(origin, downAt)} to ${since(origin, Date.now())}`]]
    },
    epilogue: async (world, findings) => {
      const { retried, most } = await retries(world)
      findings.expect(retried > 0, "no delivery was retried: the outage went unnoticed")
      return [["deliveries retried", `${retried}, the most attempts for one: ${most}`]]
    }
  })
