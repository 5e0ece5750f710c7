/**
 * Runs one CSV import of customers from its request body, streamed: the bytes are counted against the limit
 * (`PATRON_MAX_IMPORT_BYTES`), the first line tells the delimiter (`;` when it holds more semicolons than commas,
 * else `,`), csv-parse reads records (UTF-8, a byte order mark dropped, blank lines skipped), and the rows go to
 * `CustomerImports.applyChunk` `chunkRows` at a time, each chunk in its own transaction with its counters. While a
 * chunk is applied nothing more is read, so the client's upload waits (TCP backpressure) and memory holds one
 * chunk, never the file. A row whose match value an earlier row of the chunk has starts a new chunk, so a later row
 * of the file updates the customer an earlier row made. Any stop before the end (the limit, a malformed file, the
 * upload breaking off, the database failing) fails the job naming exactly which rows landed.
 */
import type { IncomingMessage } from "node:http"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import type { Runner, Services } from "@patron/api"
import { CustomerCsv, CustomerImport, CustomerImports, Tenant } from "@patron/domain"
import { CsvError, parse } from "csv-parse"
import { Effect, Exit } from "effect"

/** Rows applied in one transaction. */
export const chunkRows = 500

/** The body grew past the import limit. */
class TooLarge extends Error {}

/** The request's bytes, failing with TooLarge past `maxBytes`. */
async function* limited(req: IncomingMessage, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > maxBytes) throw new TooLarge()
    yield chunk
  }
}

/** `;` when the first line holds more semicolons than commas outside quotes, else `,`. */
export const delimiterOf = (head: string): "," | ";" => {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const character of head) {
    if (character === '"') quoted = !quoted
    else if (!quoted && (character === "\n" || character === "\r")) break
    else if (!quoted && character === ",") commas++
    else if (!quoted && character === ";") semicolons++
  }
  return semicolons > commas ? ";" : ","
}

/** The first bytes up to the end of the first line (or 64 KiB), and the rest, as one stream again. */
const sniffed = async (source: AsyncGenerator<Buffer>) => {
  const head: Array<Buffer> = []
  let size = 0
  while (size < 65_536 && !head.some((chunk) => chunk.includes(10))) {
    const next = await source.next()
    if (next.done) break
    head.push(next.value)
    size += next.value.length
  }
  const delimiter = delimiterOf(Buffer.concat(head).toString("utf8"))
  async function* all() {
    yield* head
    yield* source
  }
  return { delimiter, bytes: Readable.from(all()) }
}

export interface RunOptions {
  readonly run: Runner
  readonly tenantId: Tenant.TenantId
  readonly job: CustomerImports.Job
  readonly maxBytes: number
}

/** Reads the body into the job until its end or a stop; the job ends succeeded or failed, never running. */
export const run = async (req: IncomingMessage, options: RunOptions): Promise<void> => {
  const { job } = options
  const exec = async <A, E>(effect: Effect.Effect<A, E, Services | Tenant.CurrentTenant>) => {
    const exit = await options.run(Effect.provideService(effect, Tenant.CurrentTenant, { id: options.tenantId }))
    if (Exit.isSuccess(exit)) return exit.value
    throw new Error("the database failed", { cause: exit.cause })
  }
  const fail = (message: string) => exec(CustomerImports.finish(job, { status: "failed", message }))
  let lastRow = 1
  try {
    const { delimiter, bytes } = await sniffed(limited(req, options.maxBytes))
    const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true })
    const parsing = pipeline(bytes, parser).catch(() => undefined)
    let header: ReadonlyArray<string> | undefined
    let matchIndex = -1
    let chunk: Array<CustomerImports.Line> = []
    const keys = new Set<string>()
    const apply = async () => {
      if (chunk.length === 0) return
      const counts = await exec(CustomerImports.applyChunk(job, header ?? [], chunk))
      lastRow = counts.lastRow
      chunk = []
      keys.clear()
    }
    let row = 0
    for await (const record of parser as AsyncIterable<Array<string>>) {
      row++
      if (header === undefined) {
        header = record.map((name) => name.trim())
        const problems = [...CustomerCsv.headerIssues(header)]
        const matchColumn = CustomerImport.matchColumn(job.match)
        matchIndex = header.indexOf(matchColumn)
        if (matchIndex < 0) problems.push({ column: matchColumn, message: `is required to match by ${matchColumn}` })
        if (problems.length > 0) {
          await exec(
            CustomerImports.recordErrors(
              job,
              problems.map((problem) => ({ row: 1, ...problem }))
            )
          )
          await fail("the header row has problems (see the errors of row 1): no rows landed")
          parser.destroy()
          return void (await parsing)
        }
        continue
      }
      const key = record[matchIndex]?.trim() ?? ""
      if (chunk.length >= chunkRows || (key !== "" && keys.has(key))) await apply()
      chunk.push({ row, cells: record })
      if (key !== "") keys.add(key)
    }
    await apply()
    await parsing
    if (header === undefined) return void (await fail("the file is empty: it needs a header row (see docs/csv.md)"))
    await exec(CustomerImports.finish(job, { status: "succeeded" }))
  } catch (error) {
    const why =
      error instanceof TooLarge
        ? `the file is larger than PATRON_MAX_IMPORT_BYTES (${options.maxBytes.toLocaleString("en")} bytes)`
        : error instanceof CsvError
          ? `the file is not valid CSV (${error.message})`
          : error instanceof Error && error.message === "the database failed"
            ? "the database failed"
            : "the upload broke off"
    await fail(CustomerImport.stoppedMessage(why, lastRow, job.dryRun)).catch(() => undefined)
    req.resume()
  }
}
