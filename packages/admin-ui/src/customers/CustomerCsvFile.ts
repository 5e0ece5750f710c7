/**
 * The customer CSV as the admin sees it (docs/csv.md): the URLs of the export and the import beside the tRPC
 * endpoint, and a small preview of a chosen file (its header and first rows, each column marked known or not) read
 * in the browser before anything is sent.
 */
import { CustomerCsv } from "@patron/domain"
import { type CustomerSearch, toQuery } from "./CustomerSearch.ts"

/** The server's base URL from the admin's tRPC endpoint (`http://host:4000/trpc` → `http://host:4000`). */
export const serverBase = (apiUrl: string): string => apiUrl.replace(/\/+$/, "").replace(/\/trpc$/, "")

/** The export's filters: the list's `customers.list` input without its page (`cursor`, `limit`). */
export const exportFilters = (search: CustomerSearch) => {
  const { limit: _limit, cursor: _cursor, ...filters } = toQuery(search, 1)
  return filters
}

/** `GET /export/customers.csv?input=<filters JSON>`: what the list shows, every page of it. */
export const exportUrl = (apiUrl: string, search: CustomerSearch): string =>
  `${serverBase(apiUrl)}/export/customers.csv?input=${encodeURIComponent(JSON.stringify(exportFilters(search)))}`

/** How an import finds the customer of a row: `identifier`, or `externalReference:<key>`. */
export type MatchChoice = string

/** `POST /import/customers?match=…` (with `dryRun=1` for a dry run). */
export const importUrl = (apiUrl: string, match: MatchChoice, dryRun: boolean): string =>
  `${serverBase(apiUrl)}/import/customers?${new URLSearchParams({ match, ...(dryRun ? { dryRun: "1" } : {}) })}`

/** A column of a previewed file: its name, and whether the import knows it (docs/csv.md). */
export interface PreviewColumn {
  readonly name: string
  readonly known: boolean
}

/** The first rows of a file, as read in the browser. */
export interface Preview {
  readonly delimiter: "," | ";"
  readonly columns: ReadonlyArray<PreviewColumn>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

/** The records of `text` (RFC 4180 quoting), at most `limit`; of a `cut` text the record cut off at its end is dropped. */
const records = (text: string, delimiter: string, limit: number, cut: boolean): Array<Array<string>> => {
  const result: Array<Array<string>> = []
  let record: Array<string> = []
  let cell = ""
  let quoted = false
  let at = 0
  while (at < text.length && result.length < limit) {
    const char = text[at]
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        cell += '"'
        at += 1
      } else if (char === '"') quoted = false
      else cell += char
    } else if (char === '"' && cell === "") quoted = true
    else if (char === delimiter) {
      record.push(cell)
      cell = ""
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[at + 1] === "\n") at += 1
      record.push(cell)
      result.push(record)
      record = []
      cell = ""
    } else cell += char
    at += 1
  }
  if (result.length < limit && !cut && !quoted && (cell !== "" || record.length > 0)) result.push([...record, cell])
  return result.filter((row) => !(row.length === 1 && row[0] === ""))
}

/**
 * The header and first `rowCount` rows of a file's beginning (the server reads the whole file; this is only what the
 * dialog shows; `cut` when `text` is only the file's beginning). The delimiter is `;` when the header line holds more `;` than `,`, as the server decides.
 */
export const previewOf = (text: string, rowCount = 5, cut = false): Preview => {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text
  const headerLine = body.split(/\r?\n/, 1)[0] ?? ""
  const count = (char: string) => headerLine.split(char).length - 1
  const delimiter = count(";") > count(",") ? ";" : ","
  const [header = [], ...rows] = records(body, delimiter, rowCount + 1, cut)
  return {
    delimiter,
    columns: header.map((name) => ({ name, known: CustomerCsv.columnOf(name.trim()) !== undefined })),
    rows
  }
}

/** The bytes of a file's beginning the preview reads: enough for a header and a few rows. */
export const previewBytes = 64 * 1024
