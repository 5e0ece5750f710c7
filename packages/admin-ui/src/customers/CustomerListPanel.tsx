/**
 * The left-hand panel of Customers: "Add customer", the search box (debounced, searched by the server), the filters
 * and the list. Search and filters live in the URL, so the selection and the search can be bookmarked and shared.
 */
import { useEffect, useState } from "react"
import { useLocation, useSearchParams } from "wouter"
import { useCan } from "../access/Permissions.tsx"
import { SelectField, TextField } from "../ui/Field.tsx"
import { CustomerList } from "./CustomerList.tsx"
import {
  activeFilterCount,
  type CustomerSearch,
  fromParams,
  type SortChoice,
  sortChoices,
  toParams
} from "./CustomerSearch.ts"
import { ExportCustomers } from "./ExportCustomers.tsx"
import { ImportCustomersDialog } from "./ImportCustomersDialog.tsx"

const debounceMillis = 250

const typeChoices = [
  { value: "", label: "All types" },
  { value: "individual", label: "Individuals" },
  { value: "organization", label: "Organizations" }
] as const

export const CustomerListPanel = (props: { readonly selectedId: string | undefined }) => {
  const [params, setParams] = useSearchParams()
  const [, navigate] = useLocation()
  const search = fromParams(params)
  const canCreate = useCan("customers:create")
  const canUpdate = useCan("customers:update")
  const canImport = canCreate && canUpdate
  const canExport = useCan("customers:read")
  const [importing, setImporting] = useState(false)
  const [text, setText] = useState(search.text)

  const change = (next: Partial<CustomerSearch>) => setParams(toParams({ ...search, ...next }), { replace: true })

  useEffect(() => setText(search.text), [search.text])
  // biome-ignore lint/correctness/useExhaustiveDependencies: only typing schedules a search.
  useEffect(() => {
    if (text === search.text) return
    const timer = setTimeout(() => change({ text }), debounceMillis)
    return () => clearTimeout(timer)
  }, [text])

  const query = params.toString()
  const hrefOf = (customer: { readonly id: string }) => `/${customer.id}${query === "" ? "" : `?${query}`}`
  const filterCount = activeFilterCount(search)

  return (
    <div className="pa-list-panel" data-pane="list" tabIndex={-1}>
      <div className="pa-list-head">
        <h2>Customers</h2>
        {canCreate && (
          <button
            type="button"
            className="pa-button pa-button-primary"
            onClick={() => navigate(`/new${query === "" ? "" : `?${query}`}`)}
          >
            + Add customer
          </button>
        )}
      </div>
      {(canImport || canExport) && (
        <div className="pa-list-actions">
          {canImport && (
            <button type="button" className="pa-button" onClick={() => setImporting(true)}>
              Import
            </button>
          )}
          {canExport && <ExportCustomers search={search} />}
        </div>
      )}
      {importing && <ImportCustomersDialog onClose={() => setImporting(false)} />}
      <search className="pa-list-search">
        <div className="pa-field">
          <label htmlFor="pa-customer-search">Search customers</label>
          <input
            id="pa-customer-search"
            className="pa-input"
            type="search"
            value={text}
            placeholder="Name, email, company, phone, reference…"
            autoComplete="off"
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="pa-filter-row">
          <SelectField
            id="pa-customer-type-filter"
            label="Type"
            value={search.type}
            options={typeChoices}
            onChange={(type) => change({ type })}
          />
          <SelectField<SortChoice>
            id="pa-customer-sort"
            label="Sort"
            value={search.sort}
            options={sortChoices}
            onChange={(sort) => change({ sort })}
          />
        </div>
        <details className="pa-more-filters" open={filterCount > (search.type === "" ? 0 : 1) ? true : undefined}>
          <summary>More filters{filterCount > 0 ? ` (${filterCount} in use)` : ""}</summary>
          <div className="pa-filter-grid">
            <FilterText
              id="pa-filter-meta"
              label="Metadata key=value"
              value={search.meta}
              onCommit={(meta) => change({ meta })}
            />
            <FilterText
              id="pa-filter-reference"
              label="External reference key=value"
              value={search.reference}
              onCommit={(reference) => change({ reference })}
            />
            <TextField
              id="pa-filter-from"
              label="Created from"
              type="date"
              value={search.createdFrom}
              onChange={(createdFrom) => change({ createdFrom })}
            />
            <TextField
              id="pa-filter-to"
              label="Created to"
              type="date"
              value={search.createdTo}
              onChange={(createdTo) => change({ createdTo })}
            />
          </div>
          {filterCount > 0 && (
            <button
              type="button"
              className="pa-button pa-button-quiet"
              onClick={() => change({ type: "", meta: "", reference: "", createdFrom: "", createdTo: "" })}
            >
              Clear filters
            </button>
          )}
        </details>
      </search>
      <CustomerList search={search} selectedId={props.selectedId} hrefOf={hrefOf} />
    </div>
  )
}

/** A text filter applied when the user leaves the field or presses Enter, not on every keystroke. */
const FilterText = (props: {
  readonly id: string
  readonly label: string
  readonly value: string
  readonly onCommit: (value: string) => void
}) => {
  const [value, setValue] = useState(props.value)
  useEffect(() => setValue(props.value), [props.value])
  const commit = () => value !== props.value && props.onCommit(value.trim())
  return (
    <div className="pa-field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="pa-input"
        value={value}
        placeholder="key=value"
        autoComplete="off"
        onChange={(event) => setValue(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === "Enter" && commit()}
      />
    </div>
  )
}
