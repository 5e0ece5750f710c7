/**
 * `pnpm drill`: Patron attacked as it runs — load, faults (PostgreSQL restart, worker SIGKILL, receiver down), a fleet
 * (2 servers and 2 workers on one PostgreSQL through a worker SIGKILL and a PostgreSQL restart), hostile
 * input, hostile HTTP (malformed requests, oversized bodies and batches, slow and idle sockets) and access checks —
 * each on a fresh database with the real server process. Prints each drill's table and exits 1 on any loss, any
 * unexcused 5xx or any leak. It restarts the machine's PostgreSQL: run it alone.
 *
 *   pnpm drill --quick                      CI-sized (about 3 minutes on 2 cores)
 *   pnpm drill                              the longer run
 *   pnpm drill --only load,access --seconds 30 --clients 64 --runs 100 --pglite
 */
import { Postgres, Stats } from "../harness/index.ts"
import * as Access from "./access.ts"
import * as BadInput from "./badInput.ts"
import * as Faults from "./faults.ts"
import * as Fleet from "./fleet.ts"
import * as HostileHttp from "./http.ts"
import * as Load from "./load.ts"
import * as Report from "./report.ts"
import * as Restart from "./restart.ts"

const drills = ["load", "restart", "worker", "receiver", "fleet", "input", "http", "access"] as const
type DrillName = (typeof drills)[number]

const valued = ["seconds", "clients", "runs", "seed", "only"]
const switches = ["quick", "pglite", "no-pglite"]
const args = process.argv.slice(2).filter((arg) => arg !== "--")
const strays = args.filter(
  (arg, i) =>
    !(switches.includes(arg.slice(2)) || valued.includes(arg.slice(2)) || valued.includes(args[i - 1]?.slice(2) ?? ""))
)
const has = (name: string) => args.includes(`--${name}`)
const quick = has("quick")
const seconds = Number(Stats.flag("seconds", quick ? "15" : "40"))
const clients = Number(Stats.flag("clients", "64"))
const runs = Number(Stats.flag("runs", quick ? "40" : "150"))
const seed = has("seed") ? Number(Stats.flag("seed", "0")) : undefined
const withPGlite = has("pglite") || (!quick && !has("no-pglite"))
const only = Stats.flag("only", drills.join(",")).split(",")
const unknown = only.filter((name) => !drills.includes(name as DrillName))
if (strays.length > 0 || unknown.length > 0 || !(seconds > 0) || !(clients > 0) || !(runs > 0) || Number.isNaN(seed)) {
  console.error(
    `usage: pnpm drill [--quick] [--seconds N] [--clients N] [--runs N] [--seed N] [--pglite | --no-pglite] [--only ${drills.join(",")}]`
  )
  process.exit(2)
}
const chosen = (name: DrillName) => only.includes(name)

const availability = await Postgres.postgresAvailability()
if (!availability.available) {
  console.error(`drill: the drills need PostgreSQL on 127.0.0.1:5432: ${availability.reason}`)
  process.exit(1)
}

const machine = Stats.machine()
console.log(
  `## pnpm drill${quick ? " --quick" : ""}: ${clients} clients, ${seconds} s per load, ${runs} hostile inputs per mutation`
)
console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}`)
console.log(
  `databases: the load on PostgreSQL${withPGlite ? " and on PGlite" : ""}; the faults on PostgreSQL (they restart it and ` +
    "run workers as processes); bad input and access on PostgreSQL (they read its tables to prove a refused call wrote nothing)\n"
)

const sizes = { clients, seconds, drainSeconds: quick ? 60 : 120 }
const plan: Array<readonly [DrillName, () => Promise<Report.Result>]> = [
  ["load", () => Load.drill("PostgreSQL", sizes)],
  ...(withPGlite ? [["load", () => Load.drill("PGlite", sizes)] as const] : []),
  ["restart", () => Restart.drill(sizes, { downSeconds: quick ? 3 : 8 })],
  ["worker", () => Faults.workerKill(sizes, { kills: quick ? 1 : 3 })],
  ["receiver", () => Faults.receiverDown(sizes, { downSeconds: quick ? 5 : 15 })],
  ["fleet", () => Fleet.drill(sizes, { downSeconds: quick ? 3 : 8 })],
  ["input", () => BadInput.drill({ runs, ...(seed === undefined ? {} : { seed }) })],
  ["http", () => HostileHttp.drill()],
  ["access", () => Access.drill()]
]

const started = performance.now()
const results: Array<Report.Result> = []
for (const [name, run] of plan) {
  if (!chosen(name)) continue
  const drillStarted = performance.now()
  const result = await run().catch(
    (error: unknown): Report.Result => ({
      name,
      setting: "did not finish",
      figures: [],
      problems: [`the drill itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
      notes: [],
      seconds: (performance.now() - drillStarted) / 1000
    })
  )
  results.push(result)
  console.log(Report.render(result))
}
console.log(Report.overview(results))
const failed = results.filter((result) => result.problems.length > 0)
// Again at the very end, where a CI log's tail shows them.
for (const result of failed) {
  for (const problem of result.problems) console.log(`- ${result.name}: ${problem.slice(0, 2_000)}`)
}
console.log(
  `pnpm drill: ${failed.length === 0 ? "all drills passed" : `${failed.length} drill(s) FAILED`} in ${((performance.now() - started) / 1000).toFixed(0)} s`
)
process.exit(failed.length === 0 ? 0 : 1)
