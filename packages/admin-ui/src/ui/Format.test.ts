import { describe, expect, it } from "vitest"
import { countryName, dateTimeSeconds, shortId } from "./Format.ts"

describe("Format.countryName", () => {
  it("names a country from its ISO 3166-1 code, whatever its case", () => {
    const norway = new Intl.DisplayNames(undefined, { type: "region" }).of("NO")
    expect(countryName("NO")).toBe(norway)
    expect(countryName("no")).toBe(norway)
    expect(countryName("NO")).not.toBe("NO")
  })

  it("shows a code it cannot name as it was given", () => {
    expect(countryName("not a code")).toBe("not a code")
  })
})

describe("Format.shortId", () => {
  it("keeps the last eight characters of an id, the random end of its ULID", () => {
    expect(shortId("ord_01JE2E0000000000007XK2M9QP")).toBe("…7XK2M9QP")
  })
})

describe("Format.dateTimeSeconds", () => {
  it("shows an instant to the second", () => {
    expect(dateTimeSeconds("2026-12-04T19:48:14.250Z")).toMatch(/\d:\d\d:14/)
  })
})
