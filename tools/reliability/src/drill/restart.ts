/**
 * The PostgreSQL restart drill: under load, PostgreSQL is stopped as after a crash (immediate mode), kept down, and
 * started again. Meanwhile every server must answer 503 SERVICE_UNAVAILABLE — the one code excused during the outage,
 * because it tells a client to retry — each server's `readyz` must go red, then green, requests must succeed again,
 * every process must stay up, and no acknowledged write or event may be lost. `bounce` is the fault, which the fleet
 * drill causes too.
 */
import { Postgres } from "../harness/index.ts"
import { since, sleep, underLoad } from "./faults.ts"
import type { Sizes } from "./load.ts"
import * as Readiness from "./readiness.ts"
import type { Figure, Findings, Result } from "./report.ts"
import type * as Traffic from "./traffic.ts"
import { isServerUp, serverLogTail, type World } from "./world.ts"

/** When PostgreSQL was out, as far as clients may see it: a 503 inside it is excused. */
export class Outage {
  from = Number.POSITIVE_INFINITY
  to = Number.NEGATIVE_INFINITY
  readonly excuses = (failure: Traffic.ServerSideFailure) =>
    failure.outcome.status === 503 && failure.at >= this.from && failure.at <= this.to
}

/** PostgreSQL restarted under load. */
export const drill = (sizes: Sizes, options: { readonly downSeconds: number }): Promise<Result> => {
  const outage = new Outage()
  return underLoad("fault: PostgreSQL restart", sizes, {
    script: async (world, origin, findings) => {
      await sleep(Math.max(2_000, sizes.seconds * 300))
      return bounce(world, origin, findings, { outage, downSeconds: options.downSeconds })
    },
    isExcused: outage.excuses
  })
}

/**
 * Stops PostgreSQL (immediate mode) for `downSeconds` and starts it again, then waits until every server is ready and
 * serving; a server that died is a problem, and is started again for the audit as a supervisor would.
 */
export const bounce = async (
  world: World,
  origin: number,
  findings: Findings,
  options: { readonly outage: Outage; readonly downSeconds: number }
): Promise<Array<Figure>> => {
  const { outage } = options
  const watches = world.servers.map((server) => Readiness.watch(server.base))
  const stopWatching = () => Promise.all(watches.map((watch) => watch.stop()))
  const describe = () =>
    watches.map((watch) => Readiness.describe(watch.changes, origin)).join(world.servers.length > 1 ? " | " : "")
  try {
    // Each server's first answer, so that "red" means the outage and not a probe that started before it.
    await Readiness.until(
      () => watches.every((watch) => watch.isReady() !== undefined),
      10_000,
      "a first readyz answer"
    )
    outage.from = Date.now()
    await Postgres.bounce({ downMillis: options.downSeconds * 1000, mode: "immediate" })
    const backAt = Date.now()
    const died = () => (isServerUp(world) ? undefined : "a server process exited")
    let crash: string | undefined
    try {
      await Readiness.until(
        () => watches.every((watch) => watch.isReady() === true),
        60_000,
        "readyz going green",
        died
      )
    } catch (error) {
      if (died() === undefined) throw error
      const gone = world.servers.find(
        (server) => server.process.exitCode !== null || server.process.signalCode !== null
      )
      crash = `exit ${gone?.process.exitCode ?? gone?.process.signalCode}`
      findings.problems.push(
        `a server process died (${crash}) when PostgreSQL restarted under load: ${serverLogTail(world)}`
      )
      // As a supervisor would, so that the audit can still read what survived.
      await world.restartServer()
    }
    const serves = () =>
      Promise.all(
        world.admins.map((admin) =>
          admin.customers.list.query({ limit: 1 }).then(
            () => true,
            () => false
          )
        )
      ).then((answers) => answers.every(Boolean))
    await Readiness.until(serves, 60_000, "every server answering again", died)
    const servingAt = Date.now()
    // Requests already in flight when it came back may still end in 503.
    outage.to = servingAt + 3_000
    await sleep(3_000)
    await stopWatching()
    if (crash === undefined) {
      for (const [index, watch] of watches.entries()) {
        const which = world.servers.length > 1 ? ` of server ${index + 1}` : ""
        findings.expect(
          watch.changes.some((change) => !change.ready && change.at >= outage.from),
          `readyz${which} never went red while PostgreSQL was down`
        )
        findings.expect(watch.changes.at(-1)?.ready === true, `readyz${which} did not go green again`)
      }
    }
    return [
      [
        "PostgreSQL",
        `stopped (immediate) at ${since(origin, outage.from)}, accepting again at ${since(origin, backAt)}`
      ],
      ["readyz", describe()],
      ...(crash === undefined
        ? []
        : [["server process", `CRASHED (${crash}); started again by the drill for the audit`] as const]),
      ["serving again", `${((servingAt - backAt) / 1000).toFixed(1)} s after PostgreSQL came back`]
    ]
  } catch (error) {
    await stopWatching()
    throw new Error(`${error instanceof Error ? error.message : error} (readyz: ${describe()})`)
  }
}
