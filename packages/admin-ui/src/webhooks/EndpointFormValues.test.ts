import { describe, expect, it } from "vitest"
import { emptyRow } from "../form/KeyValueRows.ts"
import { blank, toCreateInput, validateValues } from "./EndpointFormValues.ts"

describe("EndpointFormValues", () => {
  it("requires an http(s) URL and at least one event type, by field", () => {
    const errors = validateValues({ ...blank(), url: "ftp://example.com" })
    expect(errors.url).toEqual(["must use http or https"])
    expect(errors.events?.[0]).toMatch(/^must list at least one event type/)
  })

  it("refuses headers Patron sets itself, on the header's name", () => {
    const errors = validateValues({
      ...blank(),
      url: "https://example.com/hook",
      events: ["*"],
      headers: [{ ...emptyRow(), key: "webhook-id", value: "x" }]
    })
    expect(errors["headers[0].key"]?.[0]).toContain("is set by Patron")
  })

  it("sends only what was filled in", () => {
    expect(toCreateInput({ ...blank(), url: "https://example.com/hook", events: ["customer.created"] })).toEqual({
      url: "https://example.com/hook",
      events: ["customer.created"]
    })
  })
})
