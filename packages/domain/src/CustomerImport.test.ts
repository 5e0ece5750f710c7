import { describe, expect, it } from "vitest"
import * as CustomerImport from "./CustomerImport.ts"

describe("CustomerImport.matchOf", () => {
  it("matches by identifier by default, or by the ref column of a key, and refuses anything else", () => {
    expect(CustomerImport.matchOf(null)).toEqual({ kind: "identifier" })
    expect(CustomerImport.matchOf("identifier")).toEqual({ kind: "identifier" })
    const byErp = CustomerImport.matchOf("externalReference:erp")
    expect(byErp).toEqual({ kind: "externalReference", key: "erp" })
    expect(CustomerImport.matchColumn(byErp as CustomerImport.ImportMatch)).toBe("ref.erp")
    for (const bad of ["email", "externalReference:", "externalReference: erp", ""]) {
      expect(CustomerImport.matchOf(bad)).toHaveProperty("problem")
    }
  })
})

describe("CustomerImport.stoppedMessage", () => {
  it("names exactly the rows that landed, none, or none for a dry run", () => {
    expect(CustomerImport.interruptedMessage(501, false)).toMatch(/^interrupted at row 502: rows 2\.\.501 landed; /)
    expect(CustomerImport.stoppedMessage("the upload broke off", 1, false)).toMatch(/at row 2: no rows landed/)
    expect(CustomerImport.interruptedMessage(900, true)).toMatch(/at row 901: a dry run writes nothing/)
  })
})
