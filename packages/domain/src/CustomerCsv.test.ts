import { assert, describe, it } from "@effect/vitest"
import { DateTime, Result, Schema } from "effect"
import type * as Address from "./Address.ts"
import * as Customer from "./Customer.ts"
import * as CustomerCsv from "./CustomerCsv.ts"
import * as Validation from "./Validation.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const id = "cus_01JBZ0000000000000000000AA" as Customer.CustomerId
const addressIds = [
  "adr_01JBZ0000000000000000000A1",
  "adr_01JBZ0000000000000000000A2",
  "adr_01JBZ0000000000000000000A3"
] as Array<Address.AddressId>

const stored = (input: Customer.CreateInput): Customer.CustomerJson =>
  Customer.toJson(Result.getOrThrow(Customer.make(input, { id, now, addressIds })))

const inputOf = (header: ReadonlyArray<string>, cells: ReadonlyArray<string>) => {
  const result = CustomerCsv.createInputOf(header, cells)
  if ("issues" in result) throw new Error(JSON.stringify(result.issues))
  return result.input
}

const issuesOf = (header: ReadonlyArray<string>, cells: ReadonlyArray<string>) => {
  const result = CustomerCsv.createInputOf(header, cells)
  return "issues" in result ? result.issues : []
}

const ada: Customer.CreateInput = {
  identifier: "ada",
  type: "organization",
  firstName: "Ada",
  middleName: "King",
  lastName: "Lovelace",
  companyName: '=HYPERLINK("http://evil")',
  taxNumber: "NO123",
  email: "ada@example.com",
  phone: "+44 20 7946 0000",
  birthDate: "1990-12-10",
  addresses: [
    { type: "billing", isDefault: true, street: "Main", streetNumber: "1", city: "Oslo", country: "NO" },
    { type: "delivery", isDefault: false, city: "Bergen" },
    { type: "delivery", isDefault: true, firstName: "Byron", city: "-Trondheim", email: "b@example.com" }
  ],
  meta: { plan: "@gold", "tier.level": "2" },
  externalReferences: { erp: "E-1", shop: "+S1" }
}

describe("CustomerCsv.headerOf", () => {
  it("puts the customer's columns, billing's and delivery's, then the meta and ref keys sorted", () => {
    const header = CustomerCsv.headerOf(["plan", "age", "plan"], ["shop", "erp"])
    assert.deepStrictEqual(header.slice(0, 11), [
      "id",
      "identifier",
      "type",
      "firstName",
      "middleName",
      "lastName",
      "companyName",
      "taxNumber",
      "email",
      "phone",
      "birthDate"
    ])
    assert.strictEqual(header[11], "billing.firstName")
    assert.strictEqual(header[22], "billing.email")
    assert.strictEqual(header[23], "delivery.firstName")
    assert.deepStrictEqual(header.slice(35), ["meta.age", "meta.plan", "ref.erp", "ref.shop"])
  })
})

describe("CustomerCsv.defuse", () => {
  it("puts a quote before a cell a spreadsheet would run as a formula", () => {
    for (const cell of ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"]) {
      assert.strictEqual(CustomerCsv.defuse(cell), `'${cell}`)
    }
  })

  it("leaves other cells as they are", () => {
    for (const cell of ["Ada", "", "1+1", "a=b", "'quoted", " =x"]) assert.strictEqual(CustomerCsv.defuse(cell), cell)
  })

  it("is undone exactly by undefuse, even for cells that already begin with quotes", () => {
    for (const cell of ["=1", "'=1", "''+2", "'", "'plain", "Ada", "", "-"]) {
      assert.strictEqual(CustomerCsv.undefuse(CustomerCsv.defuse(cell)), cell)
    }
    assert.strictEqual(CustomerCsv.defuse("'=1"), "''=1")
  })
})

describe("CustomerCsv.rowOf", () => {
  it("writes the customer's fields and its default addresses, defusing formula cells", () => {
    const customer = stored(ada)
    const header = CustomerCsv.headerOf(["plan"], ["shop"])
    const row = CustomerCsv.rowOf(customer, header)
    const cell = (name: string) => row[header.indexOf(name)]
    assert.strictEqual(cell("id"), id)
    assert.strictEqual(cell("companyName"), '\'=HYPERLINK("http://evil")')
    assert.strictEqual(cell("phone"), "'+44 20 7946 0000")
    assert.strictEqual(cell("billing.city"), "Oslo")
    assert.strictEqual(cell("delivery.city"), "'-Trondheim")
    assert.strictEqual(cell("delivery.firstName"), "Byron")
    assert.strictEqual(cell("billing.firstName"), "")
    assert.strictEqual(cell("meta.plan"), "'@gold")
    assert.strictEqual(cell("ref.shop"), "'+S1")
    assert.strictEqual(row.length, header.length)
  })

  it("leaves the address columns empty when the customer has no default address of that type", () => {
    const customer = stored({ firstName: "A", lastName: "B", addresses: [{ type: "billing", city: "Oslo" }] })
    const header = CustomerCsv.headerOf([], [])
    assert.deepStrictEqual(
      CustomerCsv.rowOf(customer, header).filter((cell) => cell !== ""),
      [id, "cus-01JBZ0000000000000000000AA", "individual", "A", "B"]
    )
  })
})

describe("CustomerCsv.createInputOf", () => {
  it("reads back what rowOf wrote, so an export re-imports unchanged", () => {
    const customer = stored(ada)
    const header = CustomerCsv.headerOf(Object.keys(customer.meta), Object.keys(customer.externalReferences))
    const input = inputOf(header, CustomerCsv.rowOf(customer, header))
    const defaults = (ada.addresses ?? []).filter((address) => address.isDefault)
    assert.deepStrictEqual(input, { ...ada, addresses: defaults })
  })

  it("leaves blank cells out and ignores the id column", () => {
    const input = inputOf(["id", "firstName", "lastName", "email", "meta.plan"], ["cus_x", "Ada", "Lovelace", " ", ""])
    assert.deepStrictEqual(input, { firstName: "Ada", lastName: "Lovelace" })
  })

  it("makes a default address of a type when any of its cells is set", () => {
    const input = inputOf(["firstName", "lastName", "delivery.city", "billing.city"], ["A", "B", "Bergen", ""])
    assert.deepStrictEqual(input.addresses, [{ type: "delivery", isDefault: true, city: "Bergen" }])
  })

  it("reports each bad cell by its column, and a missing name as its column", () => {
    const header = ["lastName", "email", "billing.country", "meta.bad key", "ref.erp", "birthDate"]
    const issues = issuesOf(header, ["L", "nope", "XX", "v", "", "1999-02-30"])
    assert.deepStrictEqual(issues.map((issue) => issue.column ?? "").sort(), [
      "billing.country",
      "birthDate",
      "email",
      "firstName",
      "meta.bad key"
    ])
    assert.ok(issues.find((issue) => issue.column === "firstName")?.message.includes("required"))
    assert.ok(issues.find((issue) => issue.column === "billing.country")?.message.includes("ISO 3166-1"))
  })

  it("refuses a header with an unknown or a repeated column, and a row longer than its header", () => {
    const issues = issuesOf(["firstName", "lastName", "nickname", "lastName"], ["A", "B", "C", "D", "E"])
    assert.deepStrictEqual(
      issues.map((issue) => [issue.column, issue.message.split(" ")[0]]),
      [
        ["nickname", "is"],
        ["lastName", "is"],
        [undefined, "has"]
      ]
    )
  })
})

describe("CustomerCsv.columnAt", () => {
  it("names the column of an issue path of a create input", () => {
    const input = { addresses: [{ type: "delivery" as const }] }
    assert.strictEqual(CustomerCsv.columnAt(input, ["addresses", 0, "city"]), "delivery.city")
    assert.strictEqual(CustomerCsv.columnAt(input, ["meta", "plan"]), "meta.plan")
    assert.strictEqual(CustomerCsv.columnAt(input, ["externalReferences", "erp"]), "ref.erp")
    assert.strictEqual(CustomerCsv.columnAt(input, ["birthDate"]), "birthDate")
    assert.strictEqual(CustomerCsv.columnAt(input, []), undefined)
  })
})

describe("CustomerCsv.ExportQuery", () => {
  it("takes the listing's filters and sort, and refuses its page fields by name", () => {
    const decode = Schema.decodeUnknownResult(CustomerCsv.ExportQuery, Validation.parseOptions)
    assert.ok(
      Result.isSuccess(decode({ search: "ada", type: "organization", sort: { field: "lastName", direction: "asc" } }))
    )
    const refused = decode({ cursor: "abc", limit: 10 })
    assert.ok(Result.isFailure(refused))
    if (Result.isFailure(refused)) {
      assert.deepStrictEqual(
        Validation.issuesOf(refused.failure).map((issue) => issue.path.join(".")),
        ["cursor", "limit"]
      )
    }
  })
})
