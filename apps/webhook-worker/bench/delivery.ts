/**
 * Webhook delivery on PostgreSQL: worker processes draining a backlog of events to a local receiver, beside a raw HTTP
 * loop posting the same signed bodies with the same concurrency through the same client; then event-to-delivery
 * latency while events arrive one transaction at a time; and each worker's peak RSS.
 * Run: `pnpm --filter @patron/webhook-worker bench` (flags: `--events 2000 --latency-events 300 --workers 1,2`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { migrate, Persistence } from "@patron/db"
import { temporaryPostgresDatabase } from "@patron/db/testing"
import { WebhookSecret } from "@patron/domain"
import { Effect, Layer } from "effect"
import pg from "pg"
import { Agent, request } from "undici"
import * as Signing from "../src/Signing.ts"
import { defaults } from "../src/Worker.ts"

const flag = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback)
}
const backlog = Number(flag("events", "2000"))
const latencyEvents = Number(flag("latency-events", "300"))
const workerCounts = flag("workers", "1,2").split(",").map(Number)

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

/** A receiver answering 204 at once, noting when each webhook-id first arrived. */
const startReceiver = async () => {
  const arrivals = new Map<string, number>()
  let requests = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on("end", () => {
      requests++
      const id = String(req.headers["webhook-id"])
      if (!arrivals.has(id)) arrivals.set(id, Date.now())
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

const waitFor = async (holds: () => boolean, timeoutMillis = 300_000) => {
  const deadline = Date.now() + timeoutMillis
  while (!holds()) {
    if (Date.now() > deadline) throw new Error("timed out")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const peakRssMb = (pid: number) => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
  return match === null ? Number.NaN : Number(match[1]) / 1024
}

const startWorkers = (count: number, url: string) =>
  Array.from({ length: count }, () =>
    spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: join(import.meta.dirname, ".."),
      env: { ...process.env, DATABASE_URL: url, PATRON_WEBHOOKS_ALLOW_PRIVATE: "1", PATRON_LOG_LEVEL: "warn" },
      stdio: ["ignore", "inherit", "inherit"]
    })
  )
const stopWorkers = (children: ReadonlyArray<ChildProcess>) =>
  Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve())
          child.kill("SIGTERM")
        })
    )
  )

const main = Effect.gen(function* () {
  const url = yield* temporaryPostgresDatabase
  yield* Effect.promise(() =>
    Effect.runPromise(Effect.provide(migrate, Persistence.database({ _tag: "Postgres", url }).pipe(Layer.orDie)))
  )
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  yield* Effect.addFinalizer(() => Effect.promise(() => pool.end()))
  const receiver = yield* Effect.promise(startReceiver)
  yield* Effect.addFinalizer(() => Effect.promise(receiver.close))
  const secret = WebhookSecret.secretFromBytes(new Uint8Array(32).fill(7))
  const tenant = "ten_01JBZ00000000000000000BENC"
  const endpoint = "whk_01JBZ00000000000000000BENC"
  const serverVersion = yield* Effect.promise(async () => {
    await pool.query("insert into tenants (id, name) values ($1, 'bench')", [tenant])
    const document = {
      id: endpoint,
      url: receiver.url,
      events: ["*"],
      enabled: true,
      createdAt: new Date().toISOString()
    }
    await pool.query(
      `insert into webhook_endpoints (tenant_id, id, enabled, secrets, created_at, document)
       values ($1, $2, true, $3, now(), $4)`,
      [tenant, endpoint, { current: secret }, { ...document, updatedAt: document.createdAt }]
    )
    return (await pool.query<{ server_version: string }>("show server_version")).rows[0]?.server_version ?? "?"
  })
  let sequence = 0
  /** Appends `count` customer.created messages, `perTransaction` to a transaction; returns their ids. */
  const emit = async (count: number, perTransaction: number) => {
    const ids: Array<string> = []
    for (let done = 0; done < count; done += perTransaction) {
      const values: Array<unknown> = []
      const rows: Array<string> = []
      for (let i = 0; i < Math.min(perTransaction, count - done); i++) {
        const id = `msg_${String(++sequence).padStart(26, "0")}`
        ids.push(id)
        const data = { id: `cus_${sequence}`, firstName: "Bench", lastName: `Customer ${sequence}`, version: 1 }
        values.push(id, { type: "customer.created", data })
        rows.push(`($1, $${values.length}, 'customer.created', $${values.length + 1}, now())`)
      }
      const client = await pool.connect()
      try {
        await client.query("begin")
        await client.query(
          `insert into outbox_messages (tenant_id, id, type, payload, occurred_at) values ${rows.join(", ")}`,
          [tenant, ...values]
        )
        await client.query("select pg_notify('patron_outbox', '')")
        await client.query("commit")
      } finally {
        client.release()
      }
    }
    return ids
  }

  // The baseline: the same signed bodies, posted by a loop with the worker's concurrency through an undici Agent.
  const agent = new Agent({ connections: defaults.perEndpoint, keepAliveTimeout: 30_000 })
  const bodies = Array.from({ length: backlog }, (_, i) => {
    const body = JSON.stringify({
      type: "customer.created",
      timestamp: new Date().toISOString(),
      data: { id: `cus_raw_${i}`, firstName: "Bench", lastName: `Customer ${i}`, version: 1 }
    })
    const headers = Signing.headers({
      messageId: `msg_raw_${i}`,
      timestampSeconds: Math.floor(Date.now() / 1000),
      body,
      secrets: [secret]
    })
    return { body, headers }
  })
  const rawStarted = performance.now()
  let next = 0
  yield* Effect.promise(() =>
    Promise.all(
      Array.from({ length: defaults.concurrency }, async () => {
        while (next < bodies.length) {
          const item = bodies[next++]!
          const response = await request(receiver.url, {
            method: "POST",
            headers: item.headers,
            body: item.body,
            dispatcher: agent
          })
          await response.body.dump()
        }
      })
    )
  )
  const rawPerSecond = backlog / ((performance.now() - rawStarted) / 1000)
  yield* Effect.promise(() => agent.close())

  const results: Array<Record<string, number>> = []
  for (const workers of workerCounts) {
    const children = startWorkers(workers, url)
    // Warm up: the workers have started once they deliver an event each.
    const warmUp = yield* Effect.promise(() => emit(workers * 4, 1))
    yield* Effect.promise(() => waitFor(() => warmUp.every((id) => receiver.arrivals.has(id))))
    const started = Date.now()
    const ids = yield* Effect.promise(() => emit(backlog, 500))
    yield* Effect.promise(() => waitFor(() => ids.every((id) => receiver.arrivals.has(id))))
    const drainSeconds = (Date.now() - started) / 1000
    // Latency: the workers are warm; events arrive one transaction at a time, about 100 a second.
    const latencies: Array<number> = []
    for (let i = 0; i < latencyEvents; i++) {
      const emitted = Date.now()
      const [id] = yield* Effect.promise(() => emit(1, 1))
      yield* Effect.promise(() => waitFor(() => receiver.arrivals.has(id!), 30_000))
      latencies.push(receiver.arrivals.get(id!)! - emitted)
      yield* Effect.sleep(10)
    }
    latencies.sort((a, b) => a - b)
    const rss = children.map((child) => peakRssMb(child.pid!))
    yield* Effect.promise(() => stopWorkers(children))
    results.push({
      workers,
      events: backlog,
      deliveredPerSecond: backlog / drainSeconds,
      rawPerSecond,
      ratio: rawPerSecond / (backlog / drainSeconds),
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      peakRssMb: Math.max(...rss)
    })
  }
  return { serverVersion, results }
})

const { serverVersion, results } = await Effect.runPromise(Effect.scoped(main))
console.log(`webhook delivery on PostgreSQL ${serverVersion}: ${backlog} events backlog, ${latencyEvents} for latency`)
console.table(
  results.map((r) => ({
    workers: r.workers,
    "delivered/s": Math.round(r.deliveredPerSecond!),
    "raw loop/s": Math.round(r.rawPerSecond!),
    "raw ÷ worker": r.ratio!.toFixed(2),
    "latency p50 ms": r.latencyP50Ms,
    "latency p99 ms": r.latencyP99Ms,
    "worker peak RSS MB": Math.round(r.peakRssMb!)
  }))
)

export { results }
