/**
 * What a drill found: its figures as a table, the problems that fail the run (a lost write, a 5xx, a leak) and the
 * doubtful behaviours worth a look that do not fail it.
 */
import { Stats } from "../harness/index.ts"

/** Counts of outcomes by label ("ok 200", "CONFLICT 409", "network", …) and the latencies behind them. */
export class Tally {
  readonly outcomes = new Map<string, number>()
  readonly latencies: Array<number> = []
  requests = 0

  record(label: string, millis: number) {
    this.requests++
    this.outcomes.set(label, (this.outcomes.get(label) ?? 0) + 1)
    this.latencies.push(millis)
  }

  /** The labels whose HTTP status is 5xx (or that never got an answer), with their counts. */
  serverErrors(): Array<readonly [string, number]> {
    return [...this.outcomes].filter(([label]) => !/ [1-4]\d\d$/.test(label))
  }

  /** "ok 200: 812 · CONFLICT 409: 40", most frequent first. */
  summary(): string {
    if (this.outcomes.size === 0) return "none"
    return [...this.outcomes]
      .sort((a, b) => b[1] - a[1])
      .map(([label, count]) => `${label}: ${count}`)
      .join(" · ")
  }

  /** "p50 4.1 ms · p99 38.0 ms". */
  latency(): string {
    if (this.latencies.length === 0) return "-"
    const p = (n: number) => `${Stats.percentile(this.latencies, n).toFixed(1)} ms`
    return `p50 ${p(50)} · p99 ${p(99)} · max ${p(100)}`
  }
}

export type Figure = readonly [string, string | number]

/** One drill's outcome. */
export interface Result {
  readonly name: string
  /** What it ran against and how hard, e.g. "PostgreSQL 15.14, 64 clients, 20 s". */
  readonly setting: string
  readonly figures: ReadonlyArray<Figure>
  /** Each fails the run. */
  readonly problems: ReadonlyArray<string>
  /** Doubtful behaviours that do not fail the run. */
  readonly notes: ReadonlyArray<string>
  readonly seconds: number
  /** A table of details below the figures (one row per procedure, say). */
  readonly details?: Table
}

export interface Table {
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>
}

const cell = (value: string | number) => String(value).replaceAll("|", "\\|")

/** A Markdown table with its columns padded to their widest cell. */
export const table = ({ columns, rows }: Table): Array<string> => {
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => cell(row[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string | number>) =>
    `| ${widths.map((width, i) => cell(cells[i] ?? "").padEnd(width)).join(" | ")} |`
  return [line(columns), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...rows.map(line)]
}

/** The drill as a Markdown table (readable in a terminal, pasteable into an issue) with its problems and notes. */
export const render = (result: Result): string => {
  const rows: Array<Figure> = [
    ...result.figures,
    ["wall time", `${result.seconds.toFixed(1)} s`],
    ["verdict", result.problems.length === 0 ? "PASS" : `FAIL (${result.problems.length} problem(s))`]
  ]
  return [
    `### ${result.name} — ${result.setting}`,
    "",
    ...table({ columns: ["figure", "value"], rows }),
    ...(result.details === undefined ? [] : ["", ...table(result.details)]),
    ...(result.problems.length === 0 ? [] : ["", ...result.problems.map((problem) => `- FAIL: ${problem}`)]),
    ...(result.notes.length === 0 ? [] : ["", ...result.notes.map((note) => `- note: ${note}`)]),
    ""
  ].join("\n")
}

/** The closing table over all drills. */
export const overview = (results: ReadonlyArray<Result>): string =>
  [
    "### Summary",
    "",
    ...table({
      columns: ["drill", "verdict", "problems", "notes", "wall time"],
      rows: results.map((r) => [
        r.name,
        r.problems.length === 0 ? "PASS" : "FAIL",
        r.problems.length,
        r.notes.length,
        `${r.seconds.toFixed(1)} s`
      ])
    }),
    ""
  ].join("\n")

/** Collects problems and notes while a drill runs. */
export class Findings {
  readonly problems: Array<string> = []
  readonly notes: Array<string> = []

  /** Records a problem unless `holds`. */
  expect(holds: boolean, problem: string) {
    if (!holds) this.problems.push(problem)
    return holds
  }

  note(text: string) {
    this.notes.push(text)
  }
}

/** Shortens a value for a report line, as JSON (control characters and lone surrogates escaped). */
export const excerpt = (value: unknown, max = 240): string => {
  let text: string
  try {
    text = typeof value === "string" ? printable(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text
}

/** Text with its control characters written as `\uXXXX`. */
export const printable = (text: string): string =>
  Array.from(text, (character) => {
    const code = character.codePointAt(0) ?? 0
    return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : character
  }).join("")
