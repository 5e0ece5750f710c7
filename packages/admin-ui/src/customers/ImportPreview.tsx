/**
 * The preview of a chosen CSV file in the Import dialog: its columns, each marked when the import does not know it
 * (it would be refused, docs/csv.md), and its first rows.
 */
import type { Preview } from "./CustomerCsvFile.ts"

export const ImportPreview = (props: { readonly preview: Preview }) => {
  const unknown = props.preview.columns.filter((column) => !column.known)
  // Names can repeat (the import refuses that), so a column is known by its place.
  const columns = props.preview.columns.map((column, place) => ({ ...column, place, key: `${place}:${column.name}` }))
  return (
    <div className="pa-import-preview">
      <p className="pa-hint">
        {props.preview.columns.length} columns, separated by “{props.preview.delimiter}”
        {unknown.length === 0 ? ", all known to the import." : "."}
      </p>
      {unknown.length > 0 && (
        <p className="pa-form-problem" role="alert">
          Not columns of the customer file: {unknown.map((column) => column.name).join(", ")}
        </p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard. */}
      <section className="pa-import-scroll" aria-label="First rows of the file" tabIndex={0}>
        <table className="pa-table pa-import-table">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.key} scope="col" className={column.known ? undefined : "pa-import-unknown"}>
                  {column.name}
                  {column.known ? "" : " (unknown)"}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.preview.rows.map((row, rowIndex) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the preview's rows never move.
              <tr key={rowIndex}>
                {columns.map((column) => (
                  <td key={column.key}>{row[column.place] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
