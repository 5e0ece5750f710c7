/**
 * Section 3: usage on one metered contract holding many usage records. `usage.summary` latency over HTTP beside its
 * statements in raw SQL (the contract's row and the daily totals of the period and its history), and `usage.record`
 * throughput (autocannon) beside raw parameterized INSERTs of usage rows with the same concurrency.
 */
import { Ids, UsageSummary } from "@patron/domain"
import * as Databases from "./databases.ts"
import * as Measure from "./measure.ts"
import type { Options } from "./options.ts"
import type * as Report from "./report.ts"

const day = 86_400_000

const contractInput = (customerId: string, activateAt: Date) => ({
  customerId,
  plan: { identifier: "api-metered", name: "API, metered" },
  item: { sku: "API", name: "API access", quantity: 1 },
  currency: "NOK",
  activateAt: activateAt.toISOString(),
  recurring: {
    price: "99",
    period: 1,
    unit: "month" as const,
    meteredVariables: [
      {
        identifier: "api-calls",
        name: "API calls",
        unit: "call",
        tierType: "graduated" as const,
        tiers: [
          { threshold: "0", unitPrice: "0" },
          { threshold: "1000", unitPrice: "0.05" },
          { threshold: "10000", unitPrice: "0.02" }
        ]
      }
    ]
  }
})

const insertUsage = `insert into usage_records (tenant_id, id, contract_id, metered_variable, quantity,
  idempotency_key, occurred_at, recorded_at) values ($1, $2, $3, 'api-calls', $4::numeric, $5, $6::timestamptz, $6::timestamptz)`
const selectContract = "select document from subscription_contracts where tenant_id = $1 and id = $2"
// The daily totals `UsageRepository.dailyTotals` in @patron/db reads for a summary.
const dailyTotals = `select metered_variable,
    floor((extract(epoch from occurred_at) - extract(epoch from $3::timestamptz)) / 86400)::int as day_index,
    sum(quantity)::text as quantity
  from usage_records
  where tenant_id = $1 and contract_id = $2 and occurred_at >= $3::timestamptz and occurred_at < $4::timestamptz
  group by 1, 2 order by 2, 1`

/** The i-th of `count` records spread evenly over `[from, to)`. */
const recordAt = (contractId: string, i: number, count: number, from: number, to: number) => ({
  contractId,
  meteredVariable: "api-calls",
  quantity: String(1 + (i % 9)),
  idempotencyKey: `load-${i}`,
  occurredAt: new Date(from + Math.floor(((to - from) * i) / count)).toISOString()
})

const insertRecords = `insert into usage_records (tenant_id, id, contract_id, metered_variable, quantity,
    idempotency_key, occurred_at, recorded_at)
  select $1, r.id, r.contract_id, r.metered_variable, r.quantity::numeric, r.idempotency_key, r.occurred_at, now()
  from jsonb_to_recordset($2::jsonb) as r(id text, contract_id text, metered_variable text, quantity text,
    idempotency_key text, occurred_at timestamptz)`

const usageId = () =>
  `use_${Ids.ulid(
    Date.now(),
    Array.from({ length: 16 }, () => Math.floor(Math.random() * 32))
  )}`

/** Runs the section on one database. */
export const run = async (
  engine: Databases.Engine,
  options: Options,
  tables: { readonly summary: Report.Table; readonly record: Report.Table },
  report: { readonly loading: Array<Report.Loading>; readonly memory: Array<Report.Memory> }
) => {
  const database = await Databases.create(engine)
  try {
    const first = await Databases.serve(database)
    const customer = await first.client.customers.create.mutate({ firstName: "Usage", lastName: "Bench" })
    const now = Date.now()
    const activateAt = new Date(now - 20 * day)
    const contract = await first.client.subscriptionContracts.create.mutate(contractInput(customer.id, activateAt))
    // The records spread evenly over the 20 days of the period so far: a few batches through usage.recordBatch
    // (1,000 a call, timed), the rest loaded in raw batches of 1,000 (also timed: the batch's baseline).
    const count = options.usageRecords
    const record = (i: number) => recordAt(contract.id, i, count, activateAt.getTime(), now - 60_000)
    const apiBatches = Math.min(5, Math.floor(count / 4000))
    const batchStarted = performance.now()
    for (let b = 0; b < apiBatches; b++) {
      await first.client.usage.recordBatch.mutate({
        records: Array.from({ length: 1000 }, (_, i) => record(b * 1000 + i))
      })
    }
    const batchPerSecond = (apiBatches * 1000) / ((performance.now() - batchStarted) / 1000)
    const firstPeak = await first.stop()
    const size = count.toLocaleString("en-US")
    const loaded = await Databases.withRaw(database, 1, async (raw) => {
      const tenant = await Databases.defaultTenant(raw)
      const started = performance.now()
      for (let from = apiBatches * 1000; from < count; from += 1000) {
        const rows = Array.from({ length: Math.min(1000, count - from) }, (_, i) => {
          const { contractId, meteredVariable, quantity, idempotencyKey, occurredAt } = record(from + i)
          return {
            id: usageId(),
            contract_id: contractId,
            metered_variable: meteredVariable,
            quantity,
            idempotency_key: idempotencyKey,
            occurred_at: occurredAt
          }
        })
        await raw.query(insertRecords, [tenant, JSON.stringify(rows)])
      }
      await raw.query("analyze usage_records")
      return { count: count - apiBatches * 1000, seconds: (performance.now() - started) / 1000 }
    })
    report.loading.push({
      database: engine,
      what: `usage records, raw batches of 1,000 (${size} on the contract in all)`,
      ...loaded
    })
    console.log(`  ${engine}: ${size} usage records on the contract; raw load ${loaded.seconds.toFixed(1)} s`)
    if (apiBatches > 0) {
      tables.record.rows.push({
        database: engine,
        figure: `usage.recordBatch, 1,000 records a call, ${apiBatches} calls`,
        pairs: [
          { patron: batchPerSecond, raw: loaded.count / loaded.seconds },
          { patron: Number.NaN, raw: Number.NaN }
        ]
      })
    }

    const server = await Databases.serve(database)
    const summaries = Math.min(options.queries, 100)
    const input = { contractId: contract.id }
    const summary = await Measure.latency(summaries, () => server.client.usage.summary.query(input))
    const { period } = await server.client.usage.summary.query(input)
    const body = JSON.stringify({
      contractId: contract.id,
      meteredVariable: "api-calls",
      quantity: "1",
      idempotencyKey: "bench-[<id>]"
    })
    const connections = options.usageClients
    const single = await Measure.http({
      base: server.base,
      procedure: "usage.record",
      body,
      connections,
      seconds: options.seconds
    })
    const peak = Math.max(firstPeak, await server.stop())
    report.memory.push({ database: engine, run: `usage, ${size} records`, process: "server", peakRssMb: peak })

    await Databases.withRaw(database, 10, async (raw) => {
      const tenant = await Databases.defaultTenant(raw)
      const from = new Date(Date.parse(period.start) - UsageSummary.historyDays * day).toISOString()
      const rawSummary = await Measure.latency(summaries, async () => {
        await raw.query(selectContract, [tenant, contract.id])
        await raw.query(dailyTotals, [tenant, contract.id, from, period.end])
      })
      tables.summary.rows.push({
        database: engine,
        figure: `usage.summary, ${size} records`,
        pairs: [
          { patron: summary.p50, raw: rawSummary.p50 },
          { patron: summary.p99, raw: rawSummary.p99 }
        ]
      })
      const count = Math.max(500, single.completed)
      const rows = Array.from({ length: count }, (_, i) => [usageId(), `raw-${i}`])
      const baseline = await Measure.loops(count, connections, (i) => {
        const [id, key] = rows[i]!
        return raw.query(insertUsage, [tenant, id, contract.id, "1", key, new Date().toISOString()])
      })
      tables.record.rows.push({
        database: engine,
        figure: `usage.record, ${connections} clients, ${size} records`,
        pairs: [
          { patron: single.perSecond, raw: baseline.perSecond },
          { patron: single.latency.p99, raw: baseline.latency.p99 }
        ]
      })
      console.log(
        `  ${engine}: summary p50 ${summary.p50.toFixed(1)} ms (raw ${rawSummary.p50.toFixed(1)} ms); ` +
          `usage.record ${Math.round(single.perSecond)}/s (raw ${Math.round(baseline.perSecond)}/s)`
      )
    })
  } finally {
    await database.drop()
  }
}

/** The section's two tables. */
export const tables = (options: Options) => ({
  summary: {
    title: "usage.summary latency",
    unit: "ms",
    columns: ["p50", "p99"],
    notes: [
      `Patron: usage.summary of the current period (tiers, forecast from the daily history) of a contract with ${options.usageRecords.toLocaleString("en-US")} records over 20 days, ${Math.min(options.queries, 100)} calls one after another over HTTP.`,
      `raw: the contract's row and the daily totals over the period and ${UsageSummary.historyDays} days of history, the two statements the summary reads, no pricing or forecast.`
    ],
    rows: []
  } satisfies Report.Table,
  record: {
    title: "usage.record throughput",
    unit: "per second; p99 in ms",
    columns: ["per second", "p99 ms"],
    notes: [
      `Patron: autocannon POSTs /trpc/usage.record with ${options.usageClients} clients for ${options.seconds} s, a unique idempotency key each (after the summary figures).`,
      "raw: as many (at least 500) parameterized INSERTs of usage rows from as many concurrent loops over a pool of 10 connections (PGlite: its one connection).",
      "usage.recordBatch: a few calls of 1,000 records each, one after another, beside the raw load of the other records in one INSERT … jsonb_to_recordset statement per 1,000 (records per second)."
    ],
    rows: []
  } satisfies Report.Table
})
