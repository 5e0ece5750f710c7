/**
 * The import log: each CSV import's job with its counters and first errors (CustomerImport.ts). A chunk's counters
 * are recorded in the chunk's own transaction, so a report never counts a row that did not land, nor misses one that
 * did. `owner` names the process running the job, so a process starting again can tell the jobs it left behind.
 */
import { Context, type Effect, type Option } from "effect"
import type * as CustomerImport from "../CustomerImport.ts"
import type { TenantId } from "../Tenant.ts"

/** A new job. */
export interface NewImport {
  readonly id: CustomerImport.ImportId
  readonly dryRun: boolean
  readonly match: string
  readonly owner: string
}

/** Records imports, one tenant at a time. */
export class ImportLog extends Context.Service<
  ImportLog,
  {
    readonly start: (tenant: TenantId, job: NewImport) => Effect.Effect<void>
    /** Adds a chunk's counters and errors (the errors kept up to `maxErrors`); `lastRow` moves on. */
    readonly record: (
      tenant: TenantId,
      id: CustomerImport.ImportId,
      counts: CustomerImport.ChunkCounts
    ) => Effect.Effect<void>
    /** Ends a running job, as succeeded, or failed with a message (and, when given, one more error). */
    readonly finish: (
      tenant: TenantId,
      id: CustomerImport.ImportId,
      outcome: { readonly status: "succeeded" } | { readonly status: "failed"; readonly message: string }
    ) => Effect.Effect<void>
    readonly find: (
      tenant: TenantId,
      id: CustomerImport.ImportId
    ) => Effect.Effect<Option.Option<CustomerImport.Report>>
    /** Marks failed every running job whose owner `isGone` says is gone, naming the rows that landed; how many. */
    readonly interruptAbandoned: (isGone: (owner: string) => boolean) => Effect.Effect<number>
  }
>()("@patron/domain/ImportLog") {}
