/**
 * The bench's findings: one table per section with Patron's figure beside its raw baseline from the same run and
 * their ratio, per database (and beside the bare handler's, with that ratio too, where one was measured); how long
 * loading took; each process's peak memory. Printed as Markdown tables and written as JSON to
 * `bench/results/latest.json` at the repository root.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/** Patron's figure and the baselines', in the table's unit: raw SQL, and where measured the bare handler. */
export interface Pair {
  readonly patron: number
  readonly raw: number
  readonly bare?: number
}

export interface Row {
  readonly database: string
  readonly figure: string
  /** One pair per column of the table. */
  readonly pairs: ReadonlyArray<Pair>
}

export interface Table {
  readonly title: string
  readonly unit: string
  /** The columns' names, e.g. `["p50", "p99"]`. */
  readonly columns: ReadonlyArray<string>
  /** What Patron did and what the baseline did, said once under the table. */
  readonly notes: ReadonlyArray<string>
  /** What the baseline is called in the columns' names; `raw` when absent. */
  readonly baseline?: string
  readonly rows: Array<Row>
}

export interface Loading {
  readonly database: string
  readonly what: string
  readonly count: number
  readonly seconds: number
}

export interface Memory {
  readonly database: string
  readonly run: string
  readonly process: string
  readonly peakRssMb: number
}

export interface Report {
  readonly header: Record<string, unknown>
  readonly options: Record<string, unknown>
  readonly tables: Array<Table>
  readonly loading: Array<Loading>
  readonly memory: Array<Memory>
}

/** Remembers how much the report holds; the function it gives drops whatever was added since. */
export const mark = (report: Report): (() => void) => {
  const rows = report.tables.map((table) => [table, table.rows.length] as const)
  const [loading, memory] = [report.loading.length, report.memory.length]
  return () => {
    for (const [table, length] of rows) table.rows.length = length
    report.loading.length = loading
    report.memory.length = memory
  }
}

const format = (value: number) =>
  !Number.isFinite(value)
    ? "–"
    : value >= 100
      ? Math.round(value).toLocaleString("en-US")
      : value >= 10
        ? value.toFixed(1)
        : value.toFixed(2)

const ratio = (patron: number, baseline: number | undefined) => {
  const value = patron / (baseline ?? Number.NaN)
  return Number.isFinite(value) ? value.toFixed(2) : "–"
}

const line = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`

/** The sides a table with a bare handler's figures shows a line each for, and each side's cell of a pair. */
const sides: ReadonlyArray<readonly [string, (pair: Pair) => string]> = [
  ["Patron", (p) => format(p.patron)],
  ["bare handler", (p) => format(p.bare ?? Number.NaN)],
  ["raw SQL", (p) => format(p.raw)],
  ["Patron ÷ bare", (p) => ratio(p.patron, p.bare)],
  ["Patron ÷ raw", (p) => ratio(p.patron, p.raw)]
]

const sided = (row: Row): Array<string> =>
  sides.map(([side, cell], i) =>
    line([i === 0 ? row.database : "", i === 0 ? row.figure : "", side, ...row.pairs.map(cell)])
  )

/**
 * A table as Markdown: per column, Patron, the raw baseline, and Patron ÷ raw; a table with a bare handler's figures
 * has a line per side instead (Patron, bare handler, raw SQL, Patron ÷ bare, Patron ÷ raw) and a column per figure.
 */
export const markdown = (table: Table): string =>
  [
    `### ${table.title} (${table.unit})`,
    "",
    ...(table.rows.some((row) => row.pairs.some((pair) => pair.bare !== undefined))
      ? [
          line(["database", "figure", "", ...table.columns]),
          line(["---", "---", "---", ...table.columns.map(() => "---:")]),
          ...table.rows.flatMap(sided)
        ]
      : [
          line([
            "database",
            "figure",
            ...table.columns.flatMap((c) => {
              const baseline = table.baseline ?? "raw"
              return [`Patron ${c}`, `${baseline} ${c}`, `Patron ÷ ${baseline} ${c}`]
            })
          ]),
          line(["---", "---", ...table.columns.flatMap(() => ["---:", "---:", "---:"])]),
          ...table.rows.map((row) =>
            line([
              row.database,
              row.figure,
              ...row.pairs.flatMap((p) => [format(p.patron), format(p.raw), ratio(p.patron, p.raw)])
            ])
          )
        ]),
    "",
    ...table.notes.map((note) => `- ${note}`)
  ].join("\n")

/** How long loading took, as Markdown. */
export const loadingMarkdown = (loading: ReadonlyArray<Loading>): string =>
  [
    "### Loading",
    "",
    line(["database", "what", "rows", "seconds", "rows/s"]),
    line(["---", "---", "---:", "---:", "---:"]),
    ...loading.map((l) =>
      line([l.database, l.what, l.count.toLocaleString("en-US"), l.seconds.toFixed(1), format(l.count / l.seconds)])
    )
  ].join("\n")

/** Peak RSS of every process of every run, as Markdown. */
export const memoryMarkdown = (memory: ReadonlyArray<Memory>): string =>
  [
    "### Peak memory (RSS, VmHWM)",
    "",
    line(["database", "run", "process", "peak RSS MB"]),
    line(["---", "---", "---", "---:"]),
    ...memory.map((m) => line([m.database, m.run, m.process, Math.round(m.peakRssMb).toString()]))
  ].join("\n")

/** Everything, as Markdown: the header lines, each table, loading and memory. */
export const render = (report: Report): string =>
  [
    ...Object.entries(report.header).map(([key, value]) => `${key}: ${String(value)}`),
    `options: ${Object.entries(report.options)
      .map(([key, value]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${String(value)}`)
      .join(" ")}`,
    "",
    ...report.tables.flatMap((table) => [markdown(table), ""]),
    loadingMarkdown(report.loading),
    "",
    memoryMarkdown(report.memory)
  ].join("\n")

const repository = join(import.meta.dirname, "../../../..")

/** Writes the report as `bench/results/latest.json`; gives the file's path. */
export const write = (report: Report): string => {
  const directory = join(repository, "bench/results")
  mkdirSync(directory, { recursive: true })
  const file = join(directory, "latest.json")
  const ratios = report.tables.map((table) => ({
    ...table,
    rows: table.rows.map((row) => ({
      ...row,
      pairs: row.pairs.map((pair, i) => ({
        column: table.columns[i],
        ...pair,
        ratio: pair.patron / pair.raw,
        ...(pair.bare === undefined ? {} : { ratioToBare: pair.patron / pair.bare })
      }))
    }))
  }))
  writeFileSync(file, `${JSON.stringify({ ...report, tables: ratios }, null, 2)}\n`)
  return file
}
