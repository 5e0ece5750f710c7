/**
 * The bad-input drill: fast-check sends hostile bodies (hostile.ts) to every mutation of the real server on
 * PostgreSQL, each mutation against fresh fixtures. Every answer must be below 500, leak no stack trace or SQL, a
 * refused call must leave the whole database (outbox included) as it was, and the server must stay up. A failing
 * input is shrunk by fast-check and reported with the seed that reproduces it.
 */
import fc from "fast-check"
import { Client as Harness, Processes } from "../harness/index.ts"
import { isServerSide, type RawAnswer, raw } from "./calls.ts"
import * as Fingerprint from "./fingerprint.ts"
import * as Fixtures from "./fixtures.ts"
import * as Hostile from "./hostile.ts"
import { procedures } from "./procedures.ts"
import { excerpt, Findings, type Result, Tally } from "./report.ts"
import { isServerUp, unexpectedFailures, type World, within } from "./world.ts"

/** Phrases of stack traces and PostgreSQL errors that must never reach a client. */
const internals =
  /\n\s+at .+:\d+:\d+|node:internal|\/node_modules\/|\.ts:\d+|syntax error at or near|violates (unique|foreign key|not-null|check) constraint|relation "[^"]+" does not exist|invalid byte sequence|unsupported Unicode escape|SQLSTATE/i

const isUp = isServerUp

/** What is wrong with one answer, if anything. */
const verdict = (world: World, answer: RawAnswer, changed: ReadonlyArray<string>): string | undefined => {
  const { outcome } = answer
  if (!isUp(world)) return `the server exited (${outcome.label})`
  if (isServerSide(outcome)) return `answered ${outcome.label}: ${outcome.message || excerpt(answer.body, 200)}`
  if ((outcome.status ?? 0) >= 300 && changed.length > 0) {
    return `refused with ${outcome.label} but wrote: ${changed.join(", ")}`
  }
  const leaked = internals.exec(answer.body)
  if (leaked !== null)
    return `answered ${outcome.label} leaking internals (${excerpt(leaked[0])}): ${excerpt(answer.body)}`
  return undefined
}

interface Round {
  readonly path: string
  readonly tally: Tally
  readonly accepted: number
  /** The most one accepted call added to the database, in bytes. */
  readonly largestStored: number
  readonly failure: string | undefined
}

const round = async (
  world: World,
  reader: Fingerprint.Reader,
  path: string,
  template: unknown,
  options: { readonly runs: number; readonly seed: number }
): Promise<Round> => {
  const tally = new Tally()
  let accepted = 0
  let largestStored = 0
  let before = await reader.take()
  const send = async (body: Hostile.Body) => {
    const started = performance.now()
    const answer = await raw(world.server.base, { path, kind: "mutation", body, token: Harness.adminToken })
    tally.record(answer.outcome.label, performance.now() - started)
    const after = await reader.take()
    const problem = verdict(world, answer, Fingerprint.changes(before, after))
    if ((answer.outcome.status ?? 0) < 300) {
      accepted++
      largestStored = Math.max(largestStored, after.bytes - before.bytes)
    }
    before = after
    return problem
  }
  const details = await fc.check(
    fc.asyncProperty(Hostile.body(template), async (body) => (await send(body)) === undefined),
    { numRuns: options.runs, seed: options.seed, plugins: [fc.interruptAfterTimeLimit(120_000)] }
  )
  let failure: string | undefined
  if (details.failed && details.counterexample !== null) {
    const [body] = details.counterexample as unknown as [Hostile.Body]
    // Once more, to report exactly what the shrunk input does and what the server logged.
    const logged = world.server.output().length
    const problem = isUp(world) ? await send(body) : "the server exited"
    const log = world.server.output().slice(logged).trim().split("\n").slice(0, 6).join(" ⏎ ")
    const shown = typeof body === "string" ? body : `<bytes ${Buffer.from(body).toString("hex")}>`
    failure = `${path} ${excerpt(shown, 600)} → ${problem ?? "passed when repeated (flaky)"} (seed ${options.seed}, path ${details.counterexamplePath}); server log: ${excerpt(log, 600)}`
  } else if (details.failed) failure = `${path}: ${details.errorInstance ?? "fast-check stopped"}`
  return { path, tally, accepted, largestStored, failure }
}

/** The drill. */
export const drill = (options: { readonly runs: number; readonly seed?: number }): Promise<Result> =>
  within("PostgreSQL", { webhooks: false }, async (world) => {
    const started = performance.now()
    const findings = new Findings()
    const seed = options.seed ?? Date.now() % 1_000_000
    const reader = await Fingerprint.reader(world.databaseUrl as string)
    const rows: Array<Array<string | number>> = []
    const total = new Tally()
    try {
      const mutations = procedures.filter((procedure) => procedure.kind === "mutation")
      for (const [index, mutation] of mutations.entries()) {
        if (!isUp(world)) break
        const fixtures = await Fixtures.create(world.admin, `hostile${index}`)
        const result = await round(world, reader, mutation.path, mutation.input(fixtures), { runs: options.runs, seed })
        for (const [label, count] of result.tally.outcomes)
          total.outcomes.set(label, (total.outcomes.get(label) ?? 0) + count)
        total.requests += result.tally.requests
        total.latencies.push(...result.tally.latencies)
        if (result.failure !== undefined) findings.problems.push(result.failure)
        if (result.largestStored > 100_000) {
          findings.note(
            `${mutation.path} stored ${(result.largestStored / 1e6).toFixed(1)} MB from one call: no length limit`
          )
        }
        rows.push([
          mutation.path,
          result.tally.requests,
          result.tally.summary(),
          result.failure === undefined ? "pass" : "FAIL"
        ])
      }
    } finally {
      await reader.close()
    }
    const healthy = await fetch(`${world.server.base}/healthz`).then(
      (response) => response.status === 200,
      () => false
    )
    const serving = await world.admin.customers.create.mutate({ firstName: "After", lastName: "Storm" }).then(
      () => true,
      () => false
    )
    findings.expect(
      isUp(world) && healthy && serving,
      `the server is not serving after the drill (up ${isUp(world)}, healthz ${healthy}, create ${serving})`
    )
    const fiveHundreds = total.serverErrors().reduce((sum, [, count]) => sum + count, 0)
    return {
      name: "bad input",
      setting: `${world.setting}, ${options.runs} fast-check runs per mutation, seed ${seed}`,
      figures: [
        ["requests", total.requests],
        ["outcomes", total.summary()],
        ["5xx / unanswered", fiveHundreds],
        ["partial writes", findings.problems.filter((problem) => problem.includes("but wrote")).length],
        ["latency", total.latency()],
        [
          "server",
          `${isUp(world) && healthy && serving ? "up and serving" : "NOT SERVING"}, ${unexpectedFailures(world.server.output())} unexpected failures logged, peak RSS ${Processes.peakRssMb(world.server.process.pid).toFixed(0)} MB`
        ]
      ],
      details: { columns: ["mutation", "requests", "outcomes", "verdict"], rows },
      problems: findings.problems,
      notes: findings.notes,
      seconds: (performance.now() - started) / 1000
    }
  })
