/**
 * What the export's tests share: a tRPC call, the export read as text and as parsed rows (csv-parse, the library
 * the import reads with), and a second tenant made with `pnpm patron tenant create` before the server starts.
 */
import { spawnSync } from "node:child_process"
import { join } from "node:path"
import { parse } from "csv-parse/sync"

/** One tRPC call as `bearer`: a mutation with `input`, or a query without. */
export const call = async (base: string, bearer: string, path: string, input?: unknown) => {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: input === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    ...(input === undefined ? {} : { body: JSON.stringify(input) })
  })
  const body = (await response.json()) as { result?: { data: unknown }; error?: unknown }
  if (body.result === undefined) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`)
  return body.result.data as Record<string, unknown>
}

/** The export's URL for `filters` (none: no `input`). */
export const exportUrl = (base: string, filters?: unknown) =>
  `${base}/export/customers.csv${filters === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(filters))}`}`

/** Fetches the export as `bearer` (none: no Authorization header). */
export const fetchExport = (base: string, bearer: string | undefined, filters?: unknown) =>
  fetch(exportUrl(base, filters), bearer === undefined ? {} : { headers: { authorization: `Bearer ${bearer}` } })

/** A file's rows as csv-parse reads them (the byte order mark dropped), the header first. */
export const rowsOf = (text: string): ReadonlyArray<ReadonlyArray<string>> =>
  parse(text, { bom: true, relax_column_count: false }) as Array<Array<string>>

/** A file's rows as records by column name. */
export const recordsOf = (text: string): ReadonlyArray<Readonly<Record<string, string>>> => {
  const [header = [], ...rows] = rowsOf(text)
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ""])))
}

/** Creates a tenant named `name` with `pnpm patron` over the configuration `env`; its admin token's secret. */
export const createTenant = (name: string, env: Readonly<Record<string, string>>): string => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "tenant", "create", name], {
    cwd: join(import.meta.dirname, ".."),
    env: { ...process.env, INIT_CWD: "", PORT: "4000", DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 120_000
  })
  const secret = result.stdout.match(/pat_[0-9A-Z]{26}\.[\w-]+/)?.[0]
  if (result.status !== 0 || secret === undefined) throw new Error(`tenant create failed:\n${result.stderr}`)
  return secret
}
