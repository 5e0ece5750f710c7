import { describe, expect, it } from "vitest"
import { exportFilters, exportUrl, importUrl, previewOf, serverBase } from "./CustomerCsvFile.ts"
import { fromParams } from "./CustomerSearch.ts"

const filtersOf = (url: string) => JSON.parse(new URL(url).searchParams.get("input") ?? "null")

describe("the export's URL", () => {
  it("sits beside the tRPC endpoint", () => {
    expect(serverBase("http://127.0.0.1:4000/trpc")).toBe("http://127.0.0.1:4000")
    expect(serverBase("https://admin.example.com/patron/trpc/")).toBe("https://admin.example.com/patron")
    expect(exportUrl("http://127.0.0.1:4000/trpc", fromParams(new URLSearchParams()))).toMatch(
      /^http:\/\/127\.0\.0\.1:4000\/export\/customers\.csv\?input=/
    )
  })

  it("carries the list's search, filters and sort, without its page", () => {
    const search = fromParams(
      new URLSearchParams(
        "q=ada &type=organization&sort=lastName.asc&meta=plan=gold&ref=erp=K-1&from=2026-01-01&to=2026-01-31"
      )
    )
    const url = exportUrl("http://127.0.0.1:4000/trpc", search)
    expect(filtersOf(url)).toEqual({
      sort: { field: "lastName", direction: "asc" },
      search: "ada",
      type: "organization",
      meta: { key: "plan", value: "gold" },
      externalReference: { key: "erp", value: "K-1" },
      createdAfter: "2026-01-01T00:00:00.000Z",
      createdBefore: "2026-02-01T00:00:00.000Z"
    })
    expect(url).not.toContain(" ")
    expect(filtersOf(url)).not.toHaveProperty("limit")
    expect(filtersOf(url)).not.toHaveProperty("cursor")
  })

  it("is the default sort alone when nothing is searched", () => {
    expect(exportFilters(fromParams(new URLSearchParams()))).toEqual({
      sort: { field: "createdAt", direction: "desc" }
    })
  })
})

describe("the import's URL", () => {
  it("names the match, and dryRun=1 for a dry run only", () => {
    expect(importUrl("http://h/trpc", "identifier", true)).toBe("http://h/import/customers?match=identifier&dryRun=1")
    expect(importUrl("http://h/trpc", "externalReference:erp", false)).toBe(
      "http://h/import/customers?match=externalReference%3Aerp"
    )
  })
})

describe("the preview of a file", () => {
  it("reads the header and at most five rows, marking the columns the import does not know", () => {
    const rows = Array.from({ length: 8 }, (_, at) => `C-${at},Ada ${at},a${at}@example.com,x`)
    const preview = previewOf(`\uFEFFidentifier,firstName,email,colour\r\n${rows.join("\r\n")}\r\n`)
    expect(preview.delimiter).toBe(",")
    expect(preview.columns).toEqual([
      { name: "identifier", known: true },
      { name: "firstName", known: true },
      { name: "email", known: true },
      { name: "colour", known: false }
    ])
    expect(preview.rows).toHaveLength(5)
    expect(preview.rows[0]).toEqual(["C-0", "Ada 0", "a0@example.com", "x"])
  })

  it("knows meta., ref. and address columns, and reads quoted cells", () => {
    const preview = previewOf(
      'identifier;billing.city;meta.plan;ref.erp;billing.colour\n"K;1";"Oslo ""Sentrum""";"a\nb";E-1;x'
    )
    expect(preview.delimiter).toBe(";")
    expect(preview.columns.map((column) => column.known)).toEqual([true, true, true, true, false])
    expect(preview.rows).toEqual([["K;1", 'Oslo "Sentrum"', "a\nb", "E-1", "x"]])
  })

  it("drops the row cut off at the end of a file's beginning", () => {
    expect(previewOf("identifier,email\nA,a@x.com\nB,b@x", 5, true).rows).toEqual([["A", "a@x.com"]])
    expect(previewOf("identifier,email\nA,a@x.com\nB,b@x", 5, false).rows).toEqual([
      ["A", "a@x.com"],
      ["B", "b@x"]
    ])
    expect(previewOf("").columns).toEqual([])
  })
})
