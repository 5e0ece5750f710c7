/**
 * The PostgreSQL restart drill: under load, PostgreSQL is stopped as after a crash (immediate mode), kept down, and
 * started again. Meanwhile the server must answer 503 SERVICE_UNAVAILABLE — the one code excused during the outage,
 * because it tells a client to retry — `readyz` must go red, then green, requests must succeed again, both processes
 * must stay up, and no acknowledged write or event may be lost.
 */
import { Postgres } from "../harness/index.ts"
import { since, sleep, underLoad } from "./faults.ts"
import type { Sizes } from "./load.ts"
import * as Readiness from "./readiness.ts"
import type { Figure, Findings, Result } from "./report.ts"
import { isServerUp, serverLogTail, type World } from "./world.ts"

/** PostgreSQL restarted under load. */
export const drill = (sizes: Sizes, options: { readonly downSeconds: number }): Promise<Result> => {
  const outage = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY }
  return underLoad("fault: PostgreSQL restart", sizes, {
    script: async (world, origin, findings) => {
      const readiness = Readiness.watch(world.server.base)
      try {
        return await bounce(world, origin, findings, readiness)
      } catch (error) {
        await readiness.stop()
        throw new Error(
          `${error instanceof Error ? error.message : error} (readyz: ${Readiness.describe(readiness.changes, origin)})`
        )
      }
    },
    isExcused: (failure) => failure.outcome.status === 503 && failure.at >= outage.from && failure.at <= outage.to
  })

  async function bounce(world: World, origin: number, findings: Findings, readiness: Readiness.Watch) {
    await sleep(Math.max(2_000, sizes.seconds * 300))
    outage.from = Date.now()
    await Postgres.bounce({ downMillis: options.downSeconds * 1000, mode: "immediate" })
    const backAt = Date.now()
    const died = () => (isServerUp(world) ? undefined : "the server process exited")
    let crash: string | undefined
    try {
      await Readiness.until(() => readiness.isReady() === true, 60_000, "readyz going green", died)
    } catch (error) {
      if (died() === undefined) throw error
      const { exitCode, signalCode } = world.server.process
      crash = `exit ${exitCode ?? signalCode}`
      findings.problems.push(
        `the server process died (${crash}) when PostgreSQL restarted under load: ${serverLogTail(world)}`
      )
      // As a supervisor would, so that the audit can still read what survived.
      await world.restartServer()
    }
    const serves = () =>
      world.admin.customers.list.query({ limit: 1 }).then(
        () => true,
        () => false
      )
    await Readiness.until(serves, 60_000, "the server answering again", died)
    const servingAt = Date.now()
    // Requests already in flight when it came back may still end in 503.
    outage.to = servingAt + 3_000
    await sleep(3_000)
    await readiness.stop()
    if (crash === undefined) {
      findings.expect(
        readiness.changes.some((change) => !change.ready && change.at >= outage.from),
        "readyz never went red while PostgreSQL was down"
      )
      findings.expect(readiness.changes.at(-1)?.ready === true, "readyz did not go green again")
    }
    const figures: Array<Figure> = [
      [
        "PostgreSQL",
        `stopped (immediate) at ${since(origin, outage.from)}, accepting again at ${since(origin, backAt)}`
      ],
      ["readyz", Readiness.describe(readiness.changes, origin)],
      ...(crash === undefined
        ? []
        : [["server process", `CRASHED (${crash}); started again by the drill for the audit`] as const]),
      ["server serving again", `${((servingAt - backAt) / 1000).toFixed(1)} s after PostgreSQL came back`]
    ]
    return figures
  }
}
