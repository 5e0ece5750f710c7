/**
 * The Import dialog: drop or choose a `.csv` file, see its first rows and which columns the import knows, choose how
 * rows find their customer, then run a dry run (the report, nothing written) or the import (a progress bar until it
 * finishes, then the list reloads). The file goes to `POST /import/customers` as `text/csv`; `imports.get` is polled
 * for the report.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query"
import { type DragEvent, useEffect, useRef, useState } from "react"
import { type ImportId, useTRPC } from "../api/Api.ts"
import { focusFirstField } from "../form/useSchemaForm.ts"
import { useSession } from "../session/Session.tsx"
import { Dialog } from "../ui/Dialog.tsx"
import { bearer, refusalOf } from "./CsvRequest.ts"
import { importUrl, type Preview, previewBytes, previewOf } from "./CustomerCsvFile.ts"
import { ImportPreview } from "./ImportPreview.tsx"
import { ImportReport } from "./ImportReport.tsx"

const pollMillis = 300

/** The match choices of a file: `identifier`, and `externalReference:<key>` for each `ref.<key>` column it has. */
const matchChoices = (preview: Preview | null) => [
  { value: "identifier", label: "Identifier" },
  ...(preview?.columns ?? [])
    .filter((column) => column.known && column.name.startsWith("ref."))
    .map((column) => ({
      value: `externalReference:${column.name.slice(4)}`,
      label: `External reference “${column.name.slice(4)}”`
    }))
]

export const ImportCustomersDialog = (props: { readonly onClose: () => void }) => {
  const session = useSession()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const bodyRef = useRef<HTMLDivElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [match, setMatch] = useState("identifier")
  const [job, setJob] = useState<{ readonly id: ImportId; readonly dryRun: boolean } | null>(null)
  const [sending, setSending] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => focusFirstField(bodyRef.current), [])

  const report = useQuery({
    ...trpc.imports.get.queryOptions({ id: job?.id ?? ("" as ImportId) }),
    enabled: job !== null,
    refetchInterval: (query) => (query.state.data?.status === "running" ? pollMillis : false)
  })
  const finished = report.data !== undefined && report.data.status !== "running"
  const running = sending || (job !== null && !finished)

  useEffect(() => {
    if (job !== null && !job.dryRun && finished)
      void queryClient.invalidateQueries({ queryKey: trpc.customers.list.pathKey() })
  }, [job, finished, queryClient, trpc])

  const choose = async (chosen: File | undefined) => {
    setJob(null)
    setProblem(null)
    setMatch("identifier")
    setFile(chosen ?? null)
    setPreview(null)
    if (chosen === undefined) return
    const head = await chosen.slice(0, previewBytes).text()
    setPreview(previewOf(head, 5, chosen.size > previewBytes))
  }

  const start = async (dryRun: boolean) => {
    if (file === null) return
    setSending(true)
    setProblem(null)
    setJob(null)
    try {
      const response = await fetch(importUrl(session.apiUrl, match, dryRun), {
        method: "POST",
        headers: { ...bearer(session.token), "content-type": "text/csv" },
        body: file
      })
      if (!response.ok) return setProblem(`${dryRun ? "Dry run" : "Import"} refused: ${await refusalOf(response)}`)
      // The server names the job in a header as soon as it exists; the body ({ importId }) ends only once the file is
      // imported, so the header is what lets the progress bar follow the job while the file is still read.
      const id = response.headers.get("patron-import-id")
      const importId = id ?? ((await response.json()) as { readonly importId: ImportId }).importId
      setJob({ id: importId as ImportId, dryRun })
    } catch (error) {
      setProblem(`${dryRun ? "Dry run" : "Import"} failed: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      setSending(false)
    }
  }

  const drop = (event: DragEvent) => {
    event.preventDefault()
    void choose(event.dataTransfer.files[0])
  }

  return (
    <Dialog
      open
      wide
      onOpenChange={(open) => !open && props.onClose()}
      title="Import customers"
      description="A CSV file of customers (the columns of an export, see docs/csv.md). Run a dry run first: it reports what the import would do and writes nothing."
    >
      <div ref={bodyRef} className="pa-import">
        <section className="pa-import-drop" aria-label="CSV file" onDragOver={(e) => e.preventDefault()} onDrop={drop}>
          <label htmlFor="pa-import-file">Drop a .csv file here, or choose one</label>
          <input
            id="pa-import-file"
            className="pa-input"
            type="file"
            accept=".csv,text/csv"
            disabled={running}
            onChange={(event) => void choose(event.target.files?.[0])}
          />
        </section>
        {preview !== null && <ImportPreview preview={preview} />}
        {preview !== null && (
          <div className="pa-field">
            <label htmlFor="pa-import-match">Match rows to customers by</label>
            <select
              id="pa-import-match"
              className="pa-input"
              value={match}
              disabled={running}
              onChange={(event) => setMatch(event.target.value)}
            >
              {matchChoices(preview).map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {problem !== null && (
          <p className="pa-form-problem" role="alert">
            {problem}
          </p>
        )}
        {report.isError && (
          <p className="pa-form-problem" role="alert">
            The report could not be read: {report.error.message}
          </p>
        )}
        {report.data !== undefined && <ImportReport report={report.data} />}
        <div className="pa-dialog-actions">
          <button type="button" className="pa-button" onClick={props.onClose}>
            {finished && job?.dryRun === false ? "Done" : "Cancel"}
          </button>
          <button
            type="button"
            className="pa-button"
            disabled={file === null || running}
            onClick={() => void start(true)}
          >
            Dry run
          </button>
          <button
            type="button"
            className="pa-button pa-button-primary"
            disabled={file === null || running}
            onClick={() => void start(false)}
          >
            Import
          </button>
        </div>
      </div>
    </Dialog>
  )
}
