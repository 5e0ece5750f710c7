/**
 * `POST /import/customers?dryRun=1&match=identifier|externalReference:<key>` (API.md "Added in the second wave",
 * docs/csv.md): a CSV of customers as the body (`text/csv`), imported as a job. The caller needs a bearer token
 * holding customers:create and customers:update; refusals are shaped as the router's errors (401, 403, 429, 400
 * naming the parameter, 413 for a declared length past the limit, 415 for another content type). Once the job
 * exists the answer's status and headers go at once: `202` with `patron-import-id: imp_…`, while the body keeps
 * streaming into the job (CustomerImportRun.ts) and `imports.get` reports its progress; the answer's body,
 * `{ importId }`, ends it when the upload has been read (and the import has ended). The job is owned by this process (`owner`), so a process starting again marks
 * failed the running jobs of a process that is gone, naming exactly which rows landed (`interruptAbandoned`).
 */
import { randomUUID } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { hostname } from "node:os"
import { Failure, type Runner } from "@patron/api"
import { CustomerImport, CustomerImports, type Permission, Tenant } from "@patron/domain"
import { Effect, Exit } from "effect"
import * as CustomerImportRun from "./CustomerImportRun.ts"
import { refuse } from "./Reply.ts"
import * as RouteGate from "./RouteGate.ts"

/** The path the import is served at. */
export const path = "/import/customers"

/** The permissions the import needs. */
export const permissions: ReadonlyArray<Permission.Permission> = ["customers:create", "customers:update"]

/** The header of the answer naming the import, sent before the upload is read. */
export const importIdHeader = "patron-import-id"

/** The largest import body by default (`PATRON_MAX_IMPORT_BYTES`): 100 MiB. */
export const defaultMaxBytes = 104_857_600

/** This process, as the owner of the jobs it runs: `host:pid:random`. */
export const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`

/**
 * Whether the process owning a job is gone: on the embedded database every owner but this process is (one process
 * holds the data directory); otherwise an owner on this host whose pid no longer runs, or that is this pid again
 * (a restarted container). An owner on another host cannot be told from here and is left running.
 */
export const isGone =
  (embedded: boolean) =>
  (jobOwner: string): boolean => {
    if (jobOwner === owner) return false
    if (embedded) return true
    const [host, pid] = jobOwner.split(":")
    if (host !== hostname()) return false
    if (Number(pid) === process.pid) return true
    try {
      process.kill(Number(pid), 0)
      return false
    } catch {
      return true
    }
  }

export interface Options extends RouteGate.Options {
  readonly run: Runner
  /** `PATRON_MAX_IMPORT_BYTES`; `defaultMaxBytes` when absent. */
  readonly maxBytes?: number
}

const badParameter = (res: ServerResponse, name: string, message: string) =>
  refuse(
    res,
    RouteGate.refusal("BAD_REQUEST", "invalid input", new Failure.IssuesCause([{ path: [name], message }])),
    path
  )

/** Serves `POST /import/customers`: the checks, the job, the answer, then the body into the job. */
export const serve = async (
  req: IncomingMessage,
  res: ServerResponse,
  searchParams: URLSearchParams,
  options: Options
): Promise<void> => {
  if (req.method !== "POST") {
    res.writeHead(405, { allow: "POST", "content-type": "application/json" })
    return void res.end(JSON.stringify({ error: "method not allowed" }))
  }
  const principal = await RouteGate.admit(req, res, options, permissions, path)
  if (principal === undefined) return
  const match = CustomerImport.matchOf(searchParams.get("match"))
  if ("problem" in match) return badParameter(res, "match", "must be identifier or externalReference:<key>")
  const dryRunText = searchParams.get("dryRun")
  if (dryRunText !== null && !["0", "1", "true", "false"].includes(dryRunText)) {
    return badParameter(res, "dryRun", "must be 1 or 0")
  }
  const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase()
  if (contentType !== "text/csv") {
    return refuse(res, RouteGate.refusal("UNSUPPORTED_MEDIA_TYPE", "the body must be text/csv (see docs/csv.md)"), path)
  }
  const maxBytes = options.maxBytes ?? defaultMaxBytes
  const declared = Number(req.headers["content-length"] ?? Number.NaN)
  if (declared > maxBytes) {
    res.setHeader("connection", "close")
    const message = `the file is larger than PATRON_MAX_IMPORT_BYTES (${maxBytes.toLocaleString("en")} bytes)`
    return refuse(res, RouteGate.refusal("PAYLOAD_TOO_LARGE", message), path)
  }
  const started = await options.run(
    CustomerImports.start({ dryRun: dryRunText === "1" || dryRunText === "true", match, owner }).pipe(
      Effect.provideService(Tenant.CurrentTenant, { id: principal.tenantId })
    )
  )
  if (Exit.isFailure(started)) throw new Error("the import could not start", { cause: started.cause })
  const job = started.value
  // The status and headers go at once, naming the job; the body when the upload has been read. Node's server
  // stops reading a request whose answer has ended (and closes its connection), so the answer ends last.
  res.writeHead(202, { "content-type": "application/json", [importIdHeader]: job.id, "cache-control": "no-store" })
  res.flushHeaders()
  await CustomerImportRun.run(req, { run: options.run, tenantId: principal.tenantId, job, maxBytes })
  res.end(JSON.stringify({ importId: job.id }))
}
