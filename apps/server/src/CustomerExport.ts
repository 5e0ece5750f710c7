/**
 * `GET /export/customers.csv?input=<customers.list filters>` (API.md "Added in the second wave", docs/csv.md): every
 * matching customer of the caller's tenant as CSV, streamed. The caller needs a bearer token holding customers:read;
 * refusals are shaped as the router's errors (401, 403, 429, 400 naming the field). The header comes from one read of
 * the keys the matching customers hold; then the rows are read 500 at a time on a keyset cursor and each batch is
 * written when the client has taken the one before (`write` returning false waits for `drain`), so an export of a
 * million customers holds one batch in memory, never the file. UTF-8 with a byte order mark, `,`, CRLF, quoting as
 * RFC 4180 says (csv-stringify), formula cells defused (`CustomerCsv.defuse`).
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { Failure, type Runner, type Services } from "@patron/api"
import { CustomerCsv, CustomerExport, type Permission, StorableText, Tenant, Validation } from "@patron/domain"
import { stringify } from "csv-stringify/sync"
import { DateTime, Effect, Exit, Result } from "effect"
import { refuse } from "./Reply.ts"
import * as RouteGate from "./RouteGate.ts"

/** The path the export is served at. */
export const path = "/export/customers.csv"

/** The permission the export needs. */
export const permission: Permission.Permission = "customers:read"

/** What the export needs from the host. */
export interface Options extends RouteGate.Options {
  readonly run: Runner
}

const checkQuery = Validation.check(CustomerCsv.ExportQuery)

/** The export's query from `?input=`: the filters, or the problems by field (no `input` is every customer). */
const queryOf = (input: string | null): Result.Result<CustomerCsv.ExportQuery, ReadonlyArray<Validation.Issue>> => {
  if (input === null) return Result.succeed({})
  let value: unknown
  try {
    value = JSON.parse(input)
  } catch {
    return Result.fail([{ path: [], message: "input must be the JSON of the customers.list filters" }])
  }
  const unstorable = StorableText.issues(value)
  return Result.mapError(checkQuery(value, DateTime.nowUnsafe(), unstorable), (invalid) => invalid.issues)
}

/** Waits until the client has taken what was written (`drain`) or is gone (`close`, or gone already). */
const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    if (res.destroyed) return resolve()
    const done = () => {
      res.off("drain", done)
      res.off("close", done)
      resolve()
    }
    res.on("drain", done)
    res.on("close", done)
  })

const csv = (rows: ReadonlyArray<ReadonlyArray<string>>, bom = false) =>
  stringify(rows as Array<Array<string>>, { delimiter: ",", record_delimiter: "windows", bom })

/** Serves `GET|HEAD /export/customers.csv`: the checks, then the file. */
export const serve = async (
  req: IncomingMessage,
  res: ServerResponse,
  searchParams: URLSearchParams,
  options: Options
): Promise<void> => {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" })
    return void res.end(JSON.stringify({ error: "method not allowed" }))
  }
  return streamTo(req, res, searchParams, options)
}

const streamTo = async (
  req: IncomingMessage,
  res: ServerResponse,
  searchParams: URLSearchParams,
  options: Options
): Promise<void> => {
  const principal = await RouteGate.admit(req, res, options, [permission], path)
  if (principal === undefined) return
  const query = queryOf(searchParams.get("input"))
  if (Result.isFailure(query)) {
    return refuse(res, RouteGate.refusal("BAD_REQUEST", "invalid input", new Failure.IssuesCause(query.failure)), path)
  }

  const run = async <A, E>(effect: Effect.Effect<A, E, Services | Tenant.CurrentTenant>) => {
    const exit = await options.run(Effect.provideService(effect, Tenant.CurrentTenant, { id: principal.tenantId }))
    if (Exit.isSuccess(exit)) return exit.value
    throw new Error("the customer export failed", { cause: exit.cause })
  }
  const header = await run(CustomerExport.header(query.success))
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": 'attachment; filename="customers.csv"',
    "cache-control": "no-store"
  })
  if (req.method === "HEAD") return void res.end()
  const write = CustomerCsv.rowWriter(header)
  let hasRoom = res.write(csv([header], true))
  let cursor: string | null = null
  do {
    if (!hasRoom) await drained(res)
    if (res.destroyed) return
    const batch: { rows: ReadonlyArray<ReadonlyArray<string>>; nextCursor: string | null } = await run(
      CustomerExport.batch(query.success, write, cursor)
    )
    hasRoom = batch.rows.length === 0 || res.write(csv(batch.rows))
    cursor = batch.nextCursor
  } while (cursor !== null)
  res.end()
}
