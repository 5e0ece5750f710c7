/**
 * The report of an import in the Import dialog (`imports.get`, polled while it runs): a progress bar for an import,
 * the counts, and the errors by row and column.
 */
import type { ImportReport as Report } from "../api/Api.ts"

const statusText = (report: Report) => {
  const what = report.dryRun ? "Dry run" : "Import"
  if (report.status === "running") return `${what} running…`
  if (report.status === "succeeded") return `${what} finished`
  return `${what} failed${report.message === undefined ? "" : `: ${report.message}`}`
}

export const ImportReport = (props: { readonly report: Report }) => {
  const report = props.report
  return (
    <section className="pa-import-report" aria-label={report.dryRun ? "Dry run report" : "Import report"}>
      <p role="status">{statusText(report)}</p>
      {!report.dryRun && (
        <div className="pa-import-progress">
          <progress
            aria-label="Import progress"
            max={Math.max(report.total, report.processed, 1)}
            value={report.processed}
          />
          <span>
            {report.processed} of {report.total} rows
          </span>
        </div>
      )}
      <dl className="pa-import-counts">
        {(
          [
            ["Rows", report.total],
            ["Processed", report.processed],
            [report.dryRun ? "Would create" : "Created", report.created],
            [report.dryRun ? "Would update" : "Updated", report.updated],
            ["Unchanged", report.unchanged],
            ["Failed", report.failed]
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {report.errors.length > 0 && (
        <table className="pa-table" aria-label="Errors by row">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((error, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a report's errors never move.
              <tr key={index}>
                <td>{error.row}</td>
                <td>{error.column ?? "—"}</td>
                <td>{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
