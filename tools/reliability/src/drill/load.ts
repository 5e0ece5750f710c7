/**
 * The load drill: concurrent clients mixing creates, updates with `expectedVersion`, searches and deletes for a fixed
 * time; afterwards every acknowledged write is present, no version went backwards, every event reached the receiver,
 * and no request met a 5xx. `conclude` is the audit the fault drills share.
 */
import { randomBytes } from "node:crypto"
import { Processes } from "../harness/index.ts"
import * as Audit from "./audit.ts"
import { Ledger } from "./ledger.ts"
import { type Figure, Findings, type Result } from "./report.ts"
import * as Traffic from "./traffic.ts"
import { type Engine, isServerUp, serverLogTail, unexpectedFailures, type World, within } from "./world.ts"

export interface Sizes {
  readonly clients: number
  readonly seconds: number
  /** How long deliveries may take to catch up after the load stops. */
  readonly drainSeconds: number
}

/** A short id of this run, in identifiers and markers. */
export const newRunId = () => `d${randomBytes(3).toString("hex")}`

/**
 * Audits a finished load: the traffic's figures, the writes read back, the events delivered, the server alive.
 * A 5xx or unanswered request fails the drill unless `isExcused` (a fault drill excuses its outage).
 */
export const conclude = async (
  world: World,
  run: { readonly ledger: Ledger; readonly traffic: Traffic.Traffic; readonly seconds: number },
  findings: Findings,
  options: {
    readonly drainSeconds: number
    readonly isExcused?: (failure: Traffic.ServerSideFailure) => boolean
  }
): Promise<Array<Figure>> => {
  const { ledger, traffic } = run
  const excused = traffic.failures.filter((failure) => options.isExcused?.(failure) ?? false)
  const unexcused = traffic.failures.filter((failure) => !(options.isExcused?.(failure) ?? false))
  const labels = (failures: ReadonlyArray<Traffic.ServerSideFailure>) => {
    const counts = new Map<string, number>()
    for (const failure of failures) counts.set(failure.outcome.label, (counts.get(failure.outcome.label) ?? 0) + 1)
    return [...counts].map(([label, count]) => `${label}: ${count}`).join(" · ") || "none"
  }
  findings.expect(
    unexcused.length === 0,
    `5xx or unanswered requests: ${labels(unexcused)}; first: ${unexcused[0]?.kind} ${unexcused[0]?.outcome.message}`
  )
  findings.expect(
    traffic.unexpected.length === 0,
    `answers a valid admin token never deserves: ${labels(traffic.unexpected)}; first: ${traffic.unexpected[0]?.kind} → ${traffic.unexpected[0]?.outcome.label} "${traffic.unexpected[0]?.outcome.message}"`
  )
  const isUp = isServerUp(world)
  findings.expect(isUp, `the server exited: ${serverLogTail(world)}`)
  const drained = isUp ? await Audit.drain(ledger, world.receiver, options.drainSeconds * 1000) : 0
  const writes = isUp
    ? await Audit.writes(world.admin, ledger, findings)
    : [["lost", "unknown: the server is down"] as Figure]
  const events = isUp ? await Audit.events(world.admin, world.endpointId, ledger, world.receiver, findings) : []
  const logged = world.servers.reduce((sum, server) => sum + unexpectedFailures(server.output()), 0)
  return [
    ["requests", `${traffic.tally.requests} (${(traffic.tally.requests / run.seconds).toFixed(0)}/s)`],
    ["requests by kind", Traffic.kinds(traffic)],
    ["outcomes", traffic.tally.summary()],
    ["5xx / unanswered", labels(unexcused)],
    ...(options.isExcused === undefined ? [] : [["5xx during the outage (excused)", labels(excused)] as Figure]),
    ["latency", traffic.tally.latency()],
    ...writes,
    ...events,
    ["drain after load", `${drained.toFixed(1)} s`],
    [
      world.servers.length > 1 ? "servers" : "server",
      `${isUp ? "up" : "DOWN"}, ${logged} unexpected failures logged, peak RSS ${peak(world)} MB`
    ]
  ]
}

const peak = (world: World) =>
  world.servers.map((server) => Processes.peakRssMb(server.process.pid).toFixed(0)).join(" · ")

/** The load drill on one engine. */
export const drill = (engine: Engine, sizes: Sizes): Promise<Result> =>
  within(engine, {}, async (world) => {
    const started = performance.now()
    const ledger = new Ledger()
    const findings = new Findings()
    const deadline = Date.now() + sizes.seconds * 1000
    const traffic = await Traffic.run({
      api: () => world.admin,
      clients: sizes.clients,
      ledger,
      runId: newRunId(),
      shouldStop: () => Date.now() >= deadline
    })
    const seconds = (performance.now() - started) / 1000
    const figures = await conclude(world, { ledger, traffic, seconds }, findings, { drainSeconds: sizes.drainSeconds })
    return {
      name: engine === "PGlite" ? "load (PGlite)" : "load",
      setting: `${world.setting}, ${sizes.clients} clients, ${sizes.seconds} s${engine === "PGlite" ? ", worker in the server" : ", 1 worker process"}`,
      figures,
      problems: findings.problems,
      notes: findings.notes,
      seconds: (performance.now() - started) / 1000
    }
  })
