/**
 * "Export": the customers the list shows (its search, filters and sort, every page) as `customers.csv`, from
 * `GET /export/customers.csv?input=<filters>`.
 */
import { useState } from "react"
import { useSession } from "../session/Session.tsx"
import { bearer, refusalOf, save } from "./CsvRequest.ts"
import { exportUrl } from "./CustomerCsvFile.ts"
import type { CustomerSearch } from "./CustomerSearch.ts"

export const ExportCustomers = (props: { readonly search: CustomerSearch }) => {
  const session = useSession()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const run = async () => {
    setBusy(true)
    setProblem(null)
    try {
      const response = await fetch(exportUrl(session.apiUrl, props.search), { headers: bearer(session.token) })
      if (!response.ok) return setProblem(`Export failed: ${await refusalOf(response)}`)
      // The server streams the file, but fetch → blob holds all of it in the browser's memory before it is saved
      // (an export of very many customers is better fetched with curl, see docs/csv.md).
      save(await response.blob(), "customers.csv")
    } catch (error) {
      setProblem(`Export failed: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button type="button" className="pa-button" disabled={busy} onClick={() => void run()}>
        {busy ? "Exporting…" : "Export"}
      </button>
      {problem !== null && (
        <p className="pa-form-problem pa-list-actions-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  )
}
