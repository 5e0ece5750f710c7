import { describe, expect, it } from "vitest"
import { fromParams, toParams, toQuery } from "./CustomerSearch.ts"

describe("CustomerSearch", () => {
  it("round-trips through the URL, leaving defaults out", () => {
    const params = new URLSearchParams("q=ada&type=organization&sort=lastName.asc&meta=tier%3Dgold")
    const search = fromParams(params)
    expect(search).toMatchObject({ text: "ada", type: "organization", sort: "lastName.asc", meta: "tier=gold" })
    expect(toParams(search).toString()).toBe("q=ada&type=organization&sort=lastName.asc&meta=tier%3Dgold")
    expect(toParams(fromParams(new URLSearchParams())).toString()).toBe("")
  })

  it("ignores values a hand-edited URL gets wrong", () => {
    expect(fromParams(new URLSearchParams("type=robot&sort=random"))).toMatchObject({
      type: "",
      sort: "createdAt.desc"
    })
  })

  it("becomes the customers.list query, with day filters covering whole UTC days", () => {
    const search = fromParams(new URLSearchParams("q=%20ada%20&ref=erp%3DE-1&from=2026-01-01&to=2026-01-31"))
    expect(toQuery(search, 100)).toEqual({
      limit: 100,
      sort: { field: "createdAt", direction: "desc" },
      search: "ada",
      externalReference: { key: "erp", value: "E-1" },
      createdAfter: "2026-01-01T00:00:00.000Z",
      createdBefore: "2026-02-01T00:00:00.000Z"
    })
  })
})
