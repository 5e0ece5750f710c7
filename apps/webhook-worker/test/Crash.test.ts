/**
 * The kill test of PRODUCT.md §6: two worker processes share one PostgreSQL; one is killed with SIGKILL half-way
 * through 1,000 events and started again. Every event reaches the receiver at least once; a duplicate (a request the
 * killed worker sent but could not record) carries the same webhook-id and body. The report prints the figures.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"
import { Persistence } from "@patron/db"
import { drivers, temporaryPostgresDatabase } from "@patron/db/testing"
import { Customers } from "@patron/domain"
import { Effect, Exit, Scope } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Receiver from "./Receiver.ts"
import * as World from "./world.ts"

const events = 1_000
const postgres = (await drivers()).find((driver) => driver.name === "PostgreSQL")!
const workerDirectory = join(import.meta.dirname, "..")

const startWorkerProcess = (url: string): ChildProcess => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: workerDirectory,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PATRON_WEBHOOKS_ALLOW_PRIVATE: "1",
      PATRON_WORKER_LEASE_MS: "3000",
      PATRON_WORKER_POLL_MS: "500",
      PATRON_WEBHOOK_RETRY_SCHEDULE: "200ms,500ms,1s,2s",
      PATRON_LOG_LEVEL: "warn"
    },
    stdio: ["ignore", "inherit", "inherit"]
  })
  return child
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())
  )

describe.skipIf(postgres.skip !== undefined)("two worker processes, one killed", { timeout: 180_000 }, () => {
  const scope = Scope.makeUnsafe()
  let world: Awaited<ReturnType<typeof World.open>>
  let receiver: Receiver.Receiver
  let url: string
  const children: Array<ChildProcess> = []
  beforeAll(async () => {
    url = await Effect.runPromise(Scope.provide(scope)(temporaryPostgresDatabase))
    world = await World.open(Persistence.database({ _tag: "Postgres", url }))
    receiver = await Receiver.start()
  })
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL")
    await Promise.all(children.map(exited))
    await receiver?.close()
    await world?.close()
    await Effect.runPromise(Scope.close(scope, Exit.void))
  })

  it(`delivers each of ${events} events at least once, duplicates sharing their webhook-id`, async () => {
    const t = await world.tenant()
    const path = World.uniquePath()
    await World.withEndpoints(t, receiver, { [path]: ["customer.created"] })
    const started = Date.now()
    const [a, b] = [startWorkerProcess(url), startWorkerProcess(url)]
    children.push(a, b)
    const creating = t.run(
      Effect.forEach(
        Array.from({ length: events }, (_, i) => i),
        (i) => Customers.create({ firstName: `Customer ${i}`, lastName: "Kill" }),
        { concurrency: 8 }
      )
    )
    await Receiver.eventually(
      () => receiver.at(path).length,
      (count) => count >= events * 0.4,
      120_000
    )
    a.kill("SIGKILL")
    await exited(a)
    const killedAt = receiver.at(path).length
    const created = await creating
    const restarted = startWorkerProcess(url)
    children.push(restarted)

    const expected = new Set(created.map((customer) => customer.id))
    const deliveredCustomers = () => new Set(receiver.at(path).map((request) => String(request.json.data.id)))
    await Receiver.eventually(
      () => deliveredCustomers().size,
      (size) => size === expected.size,
      120_000
    )
    const requests = receiver.at(path)
    const byId = new Map<string, Array<Receiver.Received>>()
    for (const request of requests) byId.set(request.id, [...(byId.get(request.id) ?? []), request])
    const duplicates = requests.length - byId.size
    const lost = [...expected].filter((id) => !deliveredCustomers().has(id)).length
    console.log(
      `kill test: ${events} events, delivered ${byId.size}, duplicates ${duplicates}, lost ${lost}; ` +
        `worker killed after ${killedAt} requests; ${((Date.now() - started) / 1000).toFixed(1)} s in all`
    )
    expect(lost).toBe(0)
    expect(byId.size).toBe(events)
    expect(requests.every((request) => request.verified)).toBe(true)
    for (const copies of byId.values()) {
      expect(new Set(copies.map((copy) => copy.body)).size).toBe(1)
      expect(new Set(copies.map((copy) => copy.json.data.id)).size).toBe(1)
    }
  })
})
