/**
 * The CSV import's jobs (CustomerImports, ImportLog) on PGlite and PostgreSQL: chunks create and update by identifier
 * or by an external reference key, bad rows are reported by row and column while good rows land, a dry run reports
 * the same and writes nothing, the report keeps the first 1,000 errors and counts every failed row, another tenant's
 * import is not found, and a job whose process is gone is marked failed naming the rows that landed.
 */
import { assert, describe, layer } from "@effect/vitest"
import { CustomerImport, CustomerImports, Ids, ImportLog, Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Effect, Layer, Option } from "effect"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import { Database } from "../src/Database.ts"
import * as ImportLogLive from "../src/ImportLog.ts"
import * as OutboxLive from "../src/Outbox.ts"
import { customers } from "../src/schema.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import { drivers } from "./databases.ts"
import { as, asNewTenant, newTenantId } from "./tenancy.ts"

const stored = Effect.gen(function* () {
  const tenant = (yield* Tenant.CurrentTenant).id
  const rows = yield* Database.use((db) =>
    db.query<{ identifier: string; email: string | null }>(
      sql`select document->>'identifier' as identifier, document->>'email' as email from ${customers}
        where tenant_id = ${tenant} order by 1`
    )
  )
  return rows.map((row) => `${row.identifier}:${row.email ?? ""}`)
}).pipe(Effect.orDie)

const header = ["identifier", "firstName", "lastName", "email", "billing.country", "ref.erp"]
const lines = (rows: ReadonlyArray<ReadonlyArray<string>>) => rows.map((cells, i) => ({ row: i + 2, cells }))

for (const driver of await drivers()) {
  const adapters = Layer.mergeAll(
    CustomerRepositoryLive.layer,
    OutboxLive.layer,
    TransactionsLive.layer,
    ImportLogLive.layer
  ).pipe(Layer.provideMerge(driver.layer()), Layer.merge(Ids.Ids.layer))

  describe.skipIf(driver.skip !== undefined)(`CustomerImports on ${driver.name}`, () => {
    layer(adapters, { timeout: "120 seconds" })((it) => {
      it.effect("creates and updates by identifier; bad rows are reported by row and column, good rows land", () =>
        asNewTenant(
          Effect.gen(function* () {
            const job = yield* CustomerImports.start({ dryRun: false, match: { kind: "identifier" }, owner: "test" })
            const first = yield* CustomerImports.applyChunk(
              job,
              header,
              lines([
                ["ada", "Ada", "Lovelace", "ada@example.com", "GB", "E1"],
                ["bad", "Bad", "Email", "not-an-email", "", ""],
                ["", "No", "Identifier", "", "", ""],
                ["grace", "Grace", "Hopper", "", "XX", ""]
              ])
            )
            assert.deepStrictEqual([first.created, first.failed, first.processed, first.lastRow], [1, 3, 4, 5])
            assert.deepStrictEqual(
              first.errors.map((e) => [e.row, e.column]),
              [
                [3, "email"],
                [4, "identifier"],
                [5, "billing.country"]
              ]
            )
            const second = yield* CustomerImports.applyChunk(
              job,
              header,
              lines([
                ["ada", "Ada", "Lovelace", "ada@example.org", "GB", "E1"],
                ["bad", "Bad", "Email", "bad@example.com", "", ""]
              ]).map((line) => ({ ...line, row: line.row + 4 }))
            )
            assert.deepStrictEqual([second.updated, second.created, second.failed], [1, 1, 0])
            yield* CustomerImports.finish(job, { status: "succeeded" })
            const report = yield* CustomerImports.get(job.id)
            assert.deepStrictEqual(
              [report.status, report.total, report.created, report.updated, report.failed, report.errors.length],
              ["succeeded", 6, 2, 1, 3, 3]
            )
            assert.deepStrictEqual(yield* stored, ["ada:ada@example.org", "bad:bad@example.com"])
          })
        )
      )

      it.effect("matches by an external reference key, and a dry run reports the same and writes nothing", () =>
        asNewTenant(
          Effect.gen(function* () {
            const match = { kind: "externalReference", key: "erp" } as const
            const rows = lines([
              ["", "Ada", "Lovelace", "ada@example.com", "", "E1"],
              ["", "No", "Reference", "", "", ""]
            ])
            const dry = yield* CustomerImports.start({ dryRun: true, match, owner: "test" })
            const dryCounts = yield* CustomerImports.applyChunk(dry, header, rows)
            assert.deepStrictEqual(yield* stored, [], "a dry run writes nothing")
            const real = yield* CustomerImports.start({ dryRun: false, match, owner: "test" })
            const realCounts = yield* CustomerImports.applyChunk(real, header, rows)
            assert.deepStrictEqual(dryCounts, realCounts)
            assert.deepStrictEqual(realCounts.errors, [
              { row: 3, column: "ref.erp", message: "is required to match by ref.erp" }
            ])
            const again = yield* CustomerImports.applyChunk(real, header, rows.slice(0, 1))
            assert.strictEqual(again.unchanged, 1)
            assert.strictEqual((yield* stored).length, 1)
          })
        )
      )

      it.effect("keeps the first 1,000 errors and counts every failed row; another tenant finds nothing", () =>
        Effect.gen(function* () {
          const owner = yield* newTenantId
          const job = yield* as(owner)(
            Effect.gen(function* () {
              const job = yield* CustomerImports.start({ dryRun: true, match: { kind: "identifier" }, owner: "t" })
              const bad = Array.from({ length: 700 }, () => ["", "No", "Identifier", "", "", ""])
              yield* CustomerImports.applyChunk(job, header, lines(bad))
              yield* CustomerImports.applyChunk(job, header, lines(bad))
              return job
            })
          )
          const report = yield* as(owner)(CustomerImports.get(job.id))
          assert.deepStrictEqual([report.failed, report.errors.length], [1400, CustomerImport.maxErrors])
          const other = yield* as(yield* newTenantId)(Effect.flip(CustomerImports.get(job.id)))
          assert.strictEqual(other._tag, "ImportNotFound")
        })
      )

      it.effect("marks the jobs of a gone process failed, naming exactly the rows that landed", () =>
        asNewTenant(
          Effect.gen(function* () {
            const gone = `gone-${Math.random()}`
            const job = yield* CustomerImports.start({ dryRun: false, match: { kind: "identifier" }, owner: gone })
            const alive = yield* CustomerImports.start({ dryRun: false, match: { kind: "identifier" }, owner: "alive" })
            yield* CustomerImports.applyChunk(job, header, lines([["ada", "Ada", "Lovelace", "", "", ""]]))
            const marked = yield* (yield* ImportLog).interruptAbandoned((owner) => owner === gone)
            assert.strictEqual(marked, 1)
            const report = yield* CustomerImports.get(job.id)
            assert.strictEqual(report.status, "failed")
            assert.match(report.message ?? "", /^interrupted at row 3: rows 2\.\.2 landed/)
            assert.strictEqual((yield* CustomerImports.get(alive.id)).status, "running")
            const tenant = (yield* Tenant.CurrentTenant).id
            assert.isTrue(Option.isSome(yield* (yield* ImportLog).find(tenant, alive.id)))
          })
        )
      )
    })
  })
}
