/**
 * The bench's sizes, from the command line. The defaults are the quick run (a few minutes on two cores); `--full`
 * is the documented full run; any single size can be given on its own (`--customers 10000,100000`).
 */
import { Stats } from "../harness/index.ts"
import type { Engine } from "./databases.ts"

export interface Options {
  /** Sections to run, of `customers`, `upserts`, `exports`, `ratelimit`, `queries`, `usage`, `webhooks`. */
  readonly sections: ReadonlyArray<string>
  readonly databases: ReadonlyArray<Engine>
  /** Concurrent HTTP clients of the `customers.create` and `customers.get` runs. */
  readonly clients: ReadonlyArray<number>
  /** Seconds each throughput run lasts. */
  readonly seconds: number
  /** Population sizes the lookups and listings run on. */
  readonly customers: ReadonlyArray<number>
  /** Calls per latency figure. */
  readonly queries: number
  /** Usage records on the contract the usage section measures. */
  readonly usageRecords: number
  readonly usageClients: number
  /** Events in the webhook backlog, events measured for latency, and worker process counts. */
  readonly events: number
  readonly latencyEvents: number
  readonly workers: ReadonlyArray<number>
}

const sections = ["customers", "upserts", "exports", "ratelimit", "queries", "usage", "webhooks"]

const list = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")

const numbers = (text: string) => list(text).map(Number)

/** The options of this run. */
export const parse = (): Options => {
  const isFull = process.argv.includes("--full")
  const options: Options = {
    sections: list(Stats.flag("sections", sections.join(","))),
    databases: list(Stats.flag("databases", "PGlite,PostgreSQL")) as Array<Engine>,
    clients: numbers(Stats.flag("clients", "1,8,16,64")),
    seconds: Number(Stats.flag("seconds", isFull ? "10" : "5")),
    customers: numbers(Stats.flag("customers", isFull ? "10000,1000000" : "10000")),
    queries: Number(Stats.flag("queries", isFull ? "300" : "200")),
    usageRecords: Number(Stats.flag("usage-records", isFull ? "100000" : "20000")),
    usageClients: Number(Stats.flag("usage-clients", "8")),
    events: Number(Stats.flag("events", isFull ? "5000" : "2000")),
    latencyEvents: Number(Stats.flag("latency-events", isFull ? "300" : "200")),
    workers: numbers(Stats.flag("workers", "1,2"))
  }
  const bad = Object.entries(options).filter(([, value]) =>
    Array.isArray(value) ? value.length === 0 || value.some((v) => Number.isNaN(v)) : Number.isNaN(value)
  )
  if (bad.length > 0) throw new Error(`bad flags: ${bad.map(([key]) => key).join(", ")}`)
  for (const name of options.sections) {
    if (!sections.includes(name)) throw new Error(`unknown section ${name}; the sections are ${sections.join(", ")}`)
  }
  for (const engine of options.databases) {
    if (engine !== "PGlite" && engine !== "PostgreSQL") throw new Error(`unknown database ${engine}`)
  }
  return options
}
