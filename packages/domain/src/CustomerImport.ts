/**
 * A CSV import of customers (`POST /import/customers`, `imports.get`; API.md "Added in the second wave", docs/csv.md):
 * a job that applies the rows of one file, in chunks, as upserts matched by identifier or by one external reference
 * key. Rows are numbered as a spreadsheet shows them, the header being row 1, so the first customer is row 2. The
 * report keeps the counters and the first `maxErrors` errors, by row and column.
 */
import { Schema } from "effect"
import * as Ids from "./Ids.ts"

export const ImportId = Schema.String.check(Ids.isId("customerImport")).pipe(Schema.brand("ImportId"))
export type ImportId = typeof ImportId.Type

/** Where an import stands. */
export const Status = Schema.Literals(["running", "succeeded", "failed"])
export type Status = typeof Status.Type

/** How an import finds the customer of a row: by its `identifier` column, or by its `ref.<key>` column. */
export type ImportMatch = { readonly kind: "identifier" } | { readonly kind: "externalReference"; readonly key: string }

/** At most this many errors are kept in a report; the counters count every failed row. */
export const maxErrors = 1000

/** The match of a `?match=` parameter (`identifier` when absent), or why it is refused. */
export const matchOf = (text: string | null): ImportMatch | { readonly problem: string } => {
  if (text === null || text === "identifier") return { kind: "identifier" }
  const key = text.startsWith("externalReference:") ? text.slice("externalReference:".length) : undefined
  if (key !== undefined && key.trim() !== "" && key === key.trim() && key.length <= 100)
    return { kind: "externalReference", key }
  return { problem: "match: must be identifier or externalReference:<key>" }
}

/** A match as stored and reported: `identifier` or `externalReference:<key>`. */
export const matchText = (match: ImportMatch): string =>
  match.kind === "identifier" ? "identifier" : `externalReference:${match.key}`

/** The CSV column a match reads: `identifier` or `ref.<key>`. */
export const matchColumn = (match: ImportMatch): string =>
  match.kind === "identifier" ? "identifier" : `ref.${match.key}`

/** One problem of a row (row 1 is the header), by column when known. */
export const RowError = Schema.Struct({
  row: Schema.Int,
  column: Schema.optionalKey(Schema.String),
  message: Schema.String
})
export type RowError = typeof RowError.Type

/** What a chunk did: its rows by outcome, and the errors of its failed rows. */
export interface ChunkCounts {
  readonly processed: number
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  readonly failed: number
  readonly errors: ReadonlyArray<RowError>
  /** The last row of the chunk. */
  readonly lastRow: number
}

/** An import as `imports.get` answers it. */
export const Report = Schema.Struct({
  id: Schema.String,
  status: Status,
  dryRun: Schema.Boolean,
  match: Schema.String,
  total: Schema.Int,
  processed: Schema.Int,
  created: Schema.Int,
  updated: Schema.Int,
  unchanged: Schema.Int,
  failed: Schema.Int,
  errors: Schema.Array(RowError),
  /** Why a failed import stopped. */
  message: Schema.optionalKey(Schema.String),
  createdAt: Schema.String,
  finishedAt: Schema.optionalKey(Schema.String)
})
export type Report = typeof Report.Type

/** Why an import stopped before its end (`why`), and exactly which rows landed (`lastRow` 1: none). */
export const stoppedMessage = (why: string, lastRow: number, dryRun: boolean): string =>
  `${why} at row ${lastRow + 1}: ${
    dryRun ? "a dry run writes nothing" : lastRow < 2 ? "no rows landed" : `rows 2..${lastRow} landed`
  }; the file is not kept, so the import cannot resume: send the rows after row ${lastRow} again`

/** Why an import whose process ended (a restart, a crash) stopped, and exactly which rows landed. */
export const interruptedMessage = (lastRow: number, dryRun: boolean): string =>
  stoppedMessage("interrupted", lastRow, dryRun)

/** No import of this tenant has this id. */
export class ImportNotFound extends Schema.TaggedError<ImportNotFound>()("ImportNotFound", { id: Schema.String }) {
  override get message() {
    return `import ${this.id} not found`
  }
}
