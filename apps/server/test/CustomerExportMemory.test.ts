/**
 * The export streams with constant memory: 100,000 customers (written with one SQL statement into the server's
 * PostgreSQL database, a database of its own, dropped afterwards) are exported while the server's resident memory is
 * sampled, once by a client that reads as fast as it can and once by one that stops reading for a while (the server
 * must wait for it, not buffer the rest). The memory stays flat and the file parses back, with csv-parse, to 100,000
 * rows; a client that goes away mid-file stops the reads. Mandatory under CI=true; elsewhere skipped with a reason
 * when PostgreSQL is unreachable.
 */
import { readFileSync } from "node:fs"
import { Readable } from "node:stream"
import { CustomerCsv } from "@patron/domain"
import { parse } from "csv-parse"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, exportUrl, fetchExport } from "./exportClient.ts"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const adminToken = "pat_01JBZ0000000000000000000AF.Y3VzdG9tZXItZXhwb3J0LW1lbW9yeS1hZG1pbi1zZWNyZXQ"
const customerCount = 100_000
const runs = await shouldRun("the customer export's memory on PostgreSQL")

/** The resident memory of a process in bytes (Linux). */
/** The CPU time (user and system) a process has used, in ms (`/proc`'s clock ticks are 1/100 s). */
const cpuMillis = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

const residentBytes = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m)?.[1]
  return Number(line ?? 0) * 1024
}

/** Customers written straight into the table, as the repository stores them: columns beside the document. */
const insertCustomers = (tenantId: string) => `
  insert into customers
    (tenant_id, id, identifier, type, last_name_key, search_text, meta, version, created_at, updated_at, document)
  select '${tenantId}', id, identifier, 'individual', lower(last_name), lower('memory ' || last_name), meta, 1, at, at,
    jsonb_build_object(
      'id', id, 'identifier', identifier, 'type', 'individual', 'firstName', 'Memory', 'lastName', last_name,
      'email', identifier || '@example.com', 'phone', '+47 ' || n,
      'addresses', jsonb_build_array(jsonb_build_object(
        'id', 'adr_' || substr(id, 5), 'type', 'billing', 'isDefault', true,
        'street', 'Street ' || n, 'city', 'Oslo', 'country', 'NO')),
      'meta', meta, 'externalReferences', '{}'::jsonb, 'version', 1,
      'createdAt', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'updatedAt', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  from (
    select n, 'cus_01JBZ' || lpad(n::text, 21, '0') as id, 'memory-' || n as identifier, 'Customer ' || n as last_name,
      jsonb_build_object('plan', 'p' || (n % 5)) as meta, timestamptz '2026-01-01' + n * interval '1 ms' as at
    from generate_series(1, ${customerCount}) as n
  ) as made`

describe.runIf(runs)("the customer export's memory on PostgreSQL", () => {
  let started: Started
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined

  beforeAll(async () => {
    database = await freshDatabase("patron_test_export_memory")
    started = await startServer({ DATABASE_URL: database.url, PATRON_ADMIN_TOKEN: adminToken, PATRON_SEED: "0" })
    const me = await call(started.base, adminToken, "access.me")
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    try {
      await client.query(insertCustomers(String(me.tenantId)))
      await client.query("analyze customers")
    } finally {
      await client.end()
    }
  }, 300_000)

  afterAll(async () => {
    await stop(started)
    await database?.drop()
  })

  /** Exports every customer, reading with a pause of `pauseMs` after the first chunk; the rows and the memory seen. */
  const exportSampled = async (pauseMs: number) => {
    const pid = started.process.pid ?? 0
    const before = residentBytes(pid)
    let peak = before
    // While the client does not read: the memory when it stopped, and the most seen until it reads again.
    let pause: { readonly from: number; peak: number } | undefined
    const sampler = setInterval(() => {
      const now = residentBytes(pid)
      peak = Math.max(peak, now)
      if (pause !== undefined) pause.peak = Math.max(pause.peak, now)
    }, 20)
    try {
      const response = await fetchExport(started.base, adminToken)
      expect(response.status).toBe(200)
      const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream)
      const parser = parse({ bom: true })
      let header: ReadonlyArray<string> = []
      let rows = 0
      let last: ReadonlyArray<string> = []
      const read = (async () => {
        for await (const record of parser as AsyncIterable<Array<string>>) {
          if (header.length === 0) header = record
          else {
            rows++
            last = record
          }
        }
      })()
      let paused = false
      let pauseGrowth = 0
      for await (const chunk of body) {
        if (!paused && pauseMs > 0) {
          paused = true
          const from = residentBytes(pid)
          pause = { from, peak: from }
          await new Promise((resolve) => setTimeout(resolve, pauseMs))
          pauseGrowth = pause.peak - pause.from
          pause = undefined
        }
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once("drain", resolve))
      }
      parser.end()
      await read
      return { header, rows, last, growth: peak - before, pauseGrowth }
    } finally {
      clearInterval(sampler)
    }
  }

  it(`exports ${customerCount.toLocaleString("en-US")} customers with flat memory, and they parse back`, async () => {
    const fast = await exportSampled(0)
    expect(fast.header).toEqual(CustomerCsv.headerOf(["plan"], []))
    expect(fast.rows).toBe(customerCount)
    // Newest first: the last row is the first customer written.
    expect(fast.last[fast.header.indexOf("identifier")]).toBe("memory-1")
    expect(fast.last[fast.header.indexOf("phone")]).toBe("'+47 1")
    console.log(`export of ${fast.rows} rows: server memory grew ${(fast.growth / 2 ** 20).toFixed(1)} MB`)
    expect(fast.growth).toBeLessThan(50 * 2 ** 20)
  }, 300_000)

  it("waits for a client that stops reading instead of buffering the rest of the file", async () => {
    const slow = await exportSampled(3_000)
    expect(slow.rows).toBe(customerCount)
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1)
    console.log(
      `paused export: server memory grew ${mb(slow.pauseGrowth)} MB in the pause, ${mb(slow.growth)} MB in all`
    )
    // Buffering the rest of the file while the client does not read would take some 20 MB or more.
    expect(slow.pauseGrowth).toBeLessThan(8 * 2 ** 20)
    expect(slow.growth).toBeLessThan(50 * 2 ** 20)
  }, 300_000)

  it("stops reading the database when the client goes away mid-file", async () => {
    const pid = started.process.pid ?? 0
    const going = new AbortController()
    const response = await fetch(exportUrl(started.base), {
      headers: { authorization: `Bearer ${adminToken}` },
      signal: going.signal
    })
    await response.body?.getReader().read()
    going.abort()
    // The batch in hand when the client went away may still finish; then the server is idle. Its own CPU time is the
    // measure (the database's statistics reach pg_stat_database up to seconds late, so they counted earlier batches).
    await new Promise((resolve) => setTimeout(resolve, 500))
    const before = cpuMillis(pid)
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const spent = cpuMillis(pid) - before
    // Exporting on, the server spends about a second of CPU on the rest of the 100,000 rows; gone, next to none.
    expect(spent).toBeLessThan(250)
  }, 60_000)
})
