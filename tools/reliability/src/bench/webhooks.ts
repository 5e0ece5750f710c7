/**
 * Section 4, on PostgreSQL: webhook delivery by 1 and 2 standalone worker processes to a local receiver. Throughput:
 * a backlog of `customer.created` messages (appended to the outbox 500 to a transaction) drained beside a raw HTTP
 * loop posting the same kind of signed bodies with the worker's concurrency through the same client (undici).
 * Latency: customers created one at a time through the API, from the event's time (the body's `timestamp`) to its
 * arrival, beside single raw posts. And each worker's peak RSS.
 */
import { Ids, WebhookSecret } from "@patron/domain"
import { Signing, Worker } from "@patron/webhook-worker"
import { Schema } from "effect"
import { Agent, request } from "undici"
import { Processes, Stats } from "../harness/index.ts"
import * as Databases from "./databases.ts"
import type { Options } from "./options.ts"
import type * as Raw from "./raw.ts"
import * as Receiver from "./receiver.ts"
import type * as Report from "./report.ts"

const bodyOf = (id: string) =>
  JSON.stringify({
    type: "customer.created",
    timestamp: new Date().toISOString(),
    data: { id, firstName: "Bench", lastName: `Customer ${id}`, version: 1 }
  })

/** Events each worker process, and the raw loop, handle before the figures are taken. */
const warmUpEvents = 1_000

/** The baseline: signed bodies posted by `Worker.defaults.concurrency` loops over an agent with as many connections
 * per endpoint as a worker opens; then single posts one after another, timed to their arrival. */
const rawLoop = async (receiver: Receiver.Receiver, secretText: string, options: Options) => {
  const secret = Schema.decodeUnknownSync(WebhookSecret.Secret)(secretText)
  const agent = new Agent({ connections: Worker.defaults.perEndpoint, keepAliveTimeout: 30_000 })
  const post = async (id: string) => {
    const body = bodyOf(id)
    const headers = Signing.headers({
      messageId: `msg_${id}`,
      timestampSeconds: Math.floor(Date.now() / 1000),
      body,
      secrets: [secret]
    })
    const response = await request(receiver.url, { method: "POST", headers, body, dispatcher: agent })
    await response.body.dump()
  }
  for (let i = 0; i < warmUpEvents; i += Worker.defaults.perEndpoint) {
    await Promise.all(Array.from({ length: Worker.defaults.perEndpoint }, (_, j) => post(`raw_warm_${i + j}`)))
  }
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  let next = 0
  await Promise.all(
    Array.from({ length: Worker.defaults.concurrency }, async () => {
      while (next < options.events) await post(`raw_${next++}`)
    })
  )
  const perSecond = options.events / ((performance.now() - started) / 1000)
  const cpu = process.cpuUsage(cpuBefore)
  const cpuMillisPerPost = (cpu.user + cpu.system) / 1000 / options.events
  const millis: Array<number> = []
  for (let i = 0; i < options.latencyEvents; i++) {
    const sent = performance.now()
    await post(`raw_latency_${i}`)
    millis.push(receiver.arrivals.get(`raw_latency_${i}`)!.monotonicAt - sent)
  }
  await agent.close()
  return { perSecond, cpuMillisPerPost, p50: Stats.percentile(millis, 50), p99: Stats.percentile(millis, 99) }
}

const randomUlid = () =>
  Ids.ulid(
    Date.now(),
    Array.from({ length: 16 }, () => Math.floor(Math.random() * 32))
  )

/**
 * Appends `count` customer.created messages to the outbox, `perTransaction` at a time, as the server does: each the
 * `template` customer (one the API created, so the worker reads the event) under a new id. Returns their ids.
 */
const emit = async (
  raw: Raw.Raw,
  tenant: string,
  template: Readonly<Record<string, unknown>>,
  count: number,
  perTransaction: number
) => {
  const ids: Array<string> = []
  for (let done = 0; done < count; done += perTransaction) {
    const values: Array<unknown> = [tenant]
    const rows: Array<string> = []
    for (let i = done; i < Math.min(count, done + perTransaction); i++) {
      const id = `cus_${randomUlid()}`
      ids.push(id)
      const event = { type: "customer.created", data: { ...template, id, lastName: `Customer ${i}` } }
      values.push(`msg_${randomUlid()}`, JSON.stringify(event))
      rows.push(`($1, $${values.length - 1}, 'customer.created', $${values.length}::jsonb, now())`)
    }
    await raw.transaction(async (tx) => {
      await tx.query(
        `insert into outbox_messages (tenant_id, id, type, payload, occurred_at) values ${rows.join(", ")}`,
        values
      )
      await tx.query("select pg_notify('patron_outbox', '')")
    })
  }
  return ids
}

/** `count` worker processes: the backlog's drain rate, event-to-delivery latencies, and each worker's peak RSS. */
const measureWorkers = async (
  count: number,
  context: {
    readonly url: string
    readonly raw: Raw.Raw
    readonly tenant: string
    readonly template: Readonly<Record<string, unknown>>
    readonly server: Databases.Server
  },
  receiver: Receiver.Receiver,
  options: Options
) => {
  const workers = Array.from({ length: count }, () =>
    Processes.worker(context.url, { PATRON_WEBHOOKS_ALLOW_PRIVATE: "1" })
  )
  const broken = () => {
    const gone = workers.find((worker) => worker.exitCode !== null || worker.signalCode !== null)
    return gone === undefined ? undefined : `worker ${gone.pid} exited (${gone.exitCode ?? gone.signalCode})`
  }
  try {
    // Warm: every worker has started and its code is compiled (as in a worker that has run for a while) once
    // `warmUpEvents` per worker have arrived; the raw loop is warmed the same way.
    const warmUp = await emit(context.raw, context.tenant, context.template, count * warmUpEvents, 100)
    await Receiver.waitFor(() => warmUp.every((id) => receiver.arrivals.has(id)), { broken })
    const started = Date.now()
    const cpuBefore = workers.map((worker) => Processes.cpuMillis(worker.pid))
    const backlog = await emit(context.raw, context.tenant, context.template, options.events, 500)
    await Receiver.waitFor(() => backlog.every((id) => receiver.arrivals.has(id)), { broken })
    const perSecond = options.events / ((Date.now() - started) / 1000)
    const cpuMillis = workers.reduce((sum, worker, i) => sum + Processes.cpuMillis(worker.pid) - (cpuBefore[i] ?? 0), 0)
    // Latency: real changes through the API, one at a time, about 50 a second.
    const millis: Array<number> = []
    for (let i = 0; i < options.latencyEvents; i++) {
      const customer = await context.server.client.customers.create.mutate({
        firstName: "Latency",
        lastName: `Bench ${i}`
      })
      await Receiver.waitFor(() => receiver.arrivals.has(customer.id), { timeoutMillis: 30_000, broken })
      const arrival = receiver.arrivals.get(customer.id)!
      millis.push(arrival.at - arrival.occurredAt)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return {
      perSecond,
      cpuMillisPerDelivery: cpuMillis / options.events,
      millis,
      peakRssMb: workers.map((worker) => Processes.peakRssMb(worker.pid))
    }
  } finally {
    await Promise.all(workers.map((worker) => Processes.stop(worker)))
  }
}

/** Runs the section (PostgreSQL only: standalone workers need a shared database). */
export const run = async (
  options: Options,
  tables: { readonly throughput: Report.Table; readonly cpu: Report.Table; readonly latency: Report.Table },
  memory: Array<Report.Memory>
) => {
  const database = await Databases.create("PostgreSQL")
  const receiver = await Receiver.start()
  try {
    const server = await Databases.serve(database, { PATRON_WEBHOOKS_ALLOW_PRIVATE: "1" })
    const endpoint = await server.client.webhooks.create.mutate({ url: receiver.url, events: ["*"] })
    const baseline = await rawLoop(receiver, endpoint.secret, options)
    console.log(`  raw loop: ${Math.round(baseline.perSecond)} posts/s, single post p50 ${baseline.p50.toFixed(2)} ms`)
    await Databases.withRaw(database, 2, async (raw) => {
      const template = await server.client.customers.create.mutate({ firstName: "Bench", lastName: "Template" })
      const context = {
        url: database.env.DATABASE_URL!,
        raw,
        tenant: await Databases.defaultTenant(raw),
        template: template as unknown as Readonly<Record<string, unknown>>,
        server
      }
      for (const count of options.workers) {
        const label = `${count} worker${count === 1 ? "" : "s"}`
        const measured = await measureWorkers(count, context, receiver, options)
        for (const [i, peakRssMb] of measured.peakRssMb.entries()) {
          memory.push({ database: "PostgreSQL", run: `webhooks, ${label}`, process: `worker ${i + 1}`, peakRssMb })
        }
        tables.throughput.rows.push({
          database: "PostgreSQL",
          figure: `${label}, ${options.events} events`,
          pairs: [{ patron: measured.perSecond, raw: baseline.perSecond }]
        })
        tables.cpu.rows.push({
          database: "PostgreSQL",
          figure: `${label}, ${options.events} events`,
          pairs: [{ patron: measured.cpuMillisPerDelivery, raw: baseline.cpuMillisPerPost }]
        })
        const [p50, p99] = [Stats.percentile(measured.millis, 50), Stats.percentile(measured.millis, 99)]
        tables.latency.rows.push({
          database: "PostgreSQL",
          figure: `${label}, ${options.latencyEvents} events`,
          pairs: [
            { patron: p50, raw: baseline.p50 },
            { patron: p99, raw: baseline.p99 }
          ]
        })
        console.log(
          `  ${label}: ${Math.round(measured.perSecond)} deliveries/s, ${measured.cpuMillisPerDelivery.toFixed(2)} ms of worker CPU each, latency p50 ${p50} ms, p99 ${p99} ms`
        )
      }
    })
    memory.push({ database: "PostgreSQL", run: "webhooks", process: "server", peakRssMb: await server.stop() })
  } finally {
    await receiver.close()
    await database.drop()
  }
}

/** The section's three tables. */
export const tables = (options: Options) => ({
  throughput: {
    title: "webhook delivery throughput",
    unit: "deliveries per second",
    columns: ["per second"],
    notes: [
      `Patron: standalone worker processes (concurrency ${Worker.defaults.concurrency}, ${Worker.defaults.perEndpoint} per endpoint), warmed by ${warmUpEvents} deliveries each, drain ${options.events} customer.created messages appended to the outbox 500 to a transaction, to one endpoint on a local receiver, from the first append to the last arrival.`,
      `raw: after ${warmUpEvents} posts to warm it, ${Worker.defaults.concurrency} loops posting as many signed bodies through one undici agent with ${Worker.defaults.perEndpoint} connections, in the bench process.`
    ],
    rows: []
  } satisfies Report.Table,
  cpu: {
    title: "webhook CPU per delivery",
    unit: "ms",
    columns: ["CPU"],
    notes: [
      "Patron: the worker processes' CPU time (user and system, from /proc) while they drain the backlog, per delivery; a figure other work on the machine hardly skews.",
      "raw: the bench process's CPU time during the raw loop, per post: the sender and the receiver together (the receiver's share is not in Patron's figure)."
    ],
    rows: []
  } satisfies Report.Table,
  latency: {
    title: "webhook event-to-delivery latency",
    unit: "ms",
    columns: ["p50", "p99"],
    notes: [
      `Patron: ${options.latencyEvents} customers.create calls one at a time over HTTP; from the event's time (the body's timestamp, taken in the creating transaction, whole milliseconds) to the receiver's arrival.`,
      "raw: single signed posts one at a time, from the send to the arrival: the floor a delivery cannot beat."
    ],
    rows: []
  } satisfies Report.Table
})
