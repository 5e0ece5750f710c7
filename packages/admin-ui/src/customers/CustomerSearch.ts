/**
 * The customer list's search and filters, kept in the URL (`?q=ada&type=organization&sort=lastName.asc`) so a
 * filtered list can be bookmarked and shared, and turned into the `customers.list` query.
 */
import type { CustomerListQuery } from "../api/Api.ts"

export interface CustomerSearch {
  readonly text: string
  readonly type: "" | "individual" | "organization"
  readonly sort: SortChoice
  /** `key=value` of a metadata entry customers must have. */
  readonly meta: string
  /** `key=value` of an external reference customers must have. */
  readonly reference: string
  /** `YYYY-MM-DD`: created on or after this day (UTC). */
  readonly createdFrom: string
  /** `YYYY-MM-DD`: created on or before this day (UTC). */
  readonly createdTo: string
}

export const sortChoices = [
  { value: "createdAt.desc", label: "Newest first" },
  { value: "createdAt.asc", label: "Oldest first" },
  { value: "updatedAt.desc", label: "Recently updated" },
  { value: "lastName.asc", label: "Last name A–Z" },
  { value: "lastName.desc", label: "Last name Z–A" }
] as const
export type SortChoice = (typeof sortChoices)[number]["value"]

const params = {
  text: "q",
  type: "type",
  sort: "sort",
  meta: "meta",
  reference: "ref",
  createdFrom: "from",
  createdTo: "to"
} as const satisfies Record<keyof CustomerSearch, string>

const defaults: CustomerSearch = {
  text: "",
  type: "",
  sort: "createdAt.desc",
  meta: "",
  reference: "",
  createdFrom: "",
  createdTo: ""
}

const oneOf = <V extends string>(value: string | null, allowed: ReadonlyArray<V>, fallback: V): V =>
  allowed.includes(value as V) ? (value as V) : fallback

/** The search a URL's query string holds. */
export const fromParams = (search: URLSearchParams): CustomerSearch => ({
  text: search.get(params.text) ?? "",
  type: oneOf(search.get(params.type), ["", "individual", "organization"], ""),
  sort: oneOf(
    search.get(params.sort),
    sortChoices.map((choice) => choice.value),
    defaults.sort
  ),
  meta: search.get(params.meta) ?? "",
  reference: search.get(params.reference) ?? "",
  createdFrom: search.get(params.createdFrom) ?? "",
  createdTo: search.get(params.createdTo) ?? ""
})

/** The query string of a search; defaults are left out so URLs stay short. */
export const toParams = (search: CustomerSearch): URLSearchParams => {
  const result = new URLSearchParams()
  for (const key of Object.keys(params) as Array<keyof CustomerSearch>) {
    if (search[key] !== defaults[key]) result.set(params[key], search[key])
  }
  return result
}

/** The number of filters (besides the search text and sort) in use. */
export const activeFilterCount = (search: CustomerSearch): number =>
  [search.type, search.meta, search.reference, search.createdFrom, search.createdTo].filter((value) => value !== "")
    .length

const pair = (text: string) => {
  const at = text.indexOf("=")
  if (at <= 0) return undefined
  return { key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() }
}

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text)
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString()

/** The `customers.list` input of a search (without the cursor); unreadable filters are left out. */
export const toQuery = (search: CustomerSearch, limit: number): CustomerListQuery => {
  const [field, direction] = search.sort.split(".") as ["createdAt" | "updatedAt" | "lastName", "asc" | "desc"]
  const meta = pair(search.meta)
  const reference = pair(search.reference)
  return {
    limit,
    sort: { field, direction },
    ...(search.text.trim() === "" ? {} : { search: search.text.trim() }),
    ...(search.type === "" ? {} : { type: search.type }),
    ...(meta === undefined ? {} : { meta }),
    ...(reference === undefined ? {} : { externalReference: reference }),
    ...(isDay(search.createdFrom) ? { createdAfter: `${search.createdFrom}T00:00:00.000Z` } : {}),
    ...(isDay(search.createdTo) ? { createdBefore: nextDay(search.createdTo) } : {})
  }
}
