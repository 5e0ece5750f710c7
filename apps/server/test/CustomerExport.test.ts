/**
 * `GET /export/customers.csv` over real HTTP against the server process, on an embedded database and on the
 * machine's PostgreSQL (a database of its own, dropped afterwards; skipped with a reason when it is unreachable,
 * mandatory under CI=true): the file, its columns, formula cells defused and read back unchanged, filters, refusals
 * in the router's error shape, tenants kept apart, and batches that neither repeat nor skip a customer.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CustomerCsv } from "@patron/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, createTenant, fetchExport, recordsOf, rowsOf } from "./exportClient.ts"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const adminToken = "pat_01JBZ0000000000000000000AE.Y3VzdG9tZXItZXhwb3J0LXRlc3QtYWRtaW4tc2VjcmV0"

const ada = {
  identifier: "ada",
  type: "organization",
  firstName: "Ada",
  lastName: "Lovelace",
  companyName: '=HYPERLINK("http://evil.example","click")',
  phone: "+47 22 00 00 00",
  email: "ada@example.com",
  birthDate: "1990-12-10",
  addresses: [
    { type: "billing", isDefault: true, street: "Karl Johans gate", streetNumber: "1", city: "Oslo", country: "NO" },
    { type: "delivery", isDefault: true, city: "-Bergen", postalCode: "5003", country: "NO" }
  ],
  meta: { plan: "gold", note: 'say "hi", then\nleave' },
  externalReferences: { erp: "E-1" }
}
const bob = {
  identifier: "bob",
  firstName: "Bob",
  lastName: "Builder",
  meta: { region: "@eu" },
  externalReferences: { shop: "S-2" }
}
const cara = { identifier: "cara", firstName: "Cära", lastName: "Ünïcode" }

interface Refusal {
  readonly error: {
    readonly message: string
    readonly data: { readonly code: string; readonly issues?: ReadonlyArray<{ path: ReadonlyArray<unknown> }> }
  }
}

const mode = async (name: string) => {
  if (name === "an embedded database") {
    const dataDir = mkdtempSync(join(tmpdir(), "patron-export-"))
    return { env: { PATRON_DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
  }
  const database = await freshDatabase("patron_test_export")
  return { env: { DATABASE_URL: database.url }, drop: database.drop }
}

const runsOnPostgres = await shouldRun("the customer export over HTTP on PostgreSQL")

for (const name of ["an embedded database", "PostgreSQL"]) {
  describe.runIf(name !== "PostgreSQL" || runsOnPostgres)(`GET /export/customers.csv on ${name}`, () => {
    let started: Started
    let drop: () => Promise<unknown> = async () => undefined
    let otherToken: string
    let readerOfOrders: string

    beforeAll(async () => {
      const made = await mode(name)
      drop = made.drop
      otherToken = createTenant("other", made.env)
      started = await startServer({ ...made.env, PATRON_ADMIN_TOKEN: adminToken, PATRON_SEED: "0" })
      const rows = [ada, bob, cara].map((customer) => ({ match: { identifier: customer.identifier }, customer }))
      await call(started.base, adminToken, "customers.upsertMany", { rows })
      await call(started.base, otherToken, "customers.create", {
        firstName: "Mallory",
        lastName: "Other",
        meta: { secretPlan: "x" },
        externalReferences: { otherCrm: "1" }
      })
      const role = await call(started.base, adminToken, "access.roles.create", {
        name: "order reader",
        permissions: ["orders:read"]
      })
      const token = await call(started.base, adminToken, "access.tokens.create", { name: "orders", roleId: role.id })
      readerOfOrders = String(token.secret)
    }, 300_000)

    afterAll(async () => {
      await stop(started)
      await drop()
    })

    it("answers every customer of the tenant as a CSV attachment, UTF-8 with a BOM, a column per meta and ref key", async () => {
      const response = await fetchExport(started.base, adminToken)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8")
      expect(response.headers.get("content-disposition")).toBe('attachment; filename="customers.csv"')
      expect(response.headers.get("cache-control")).toBe("no-store")
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder().decode(bytes)
      const [header] = rowsOf(text)
      expect(header).toEqual(CustomerCsv.headerOf(["note", "plan", "region"], ["erp", "shop"]))
      // One upsertMany made the three at the same instant: their order among themselves is their ids'.
      const records = [...recordsOf(text)].sort((a, b) => (a.identifier ?? "").localeCompare(b.identifier ?? ""))
      expect(records.map((record) => record.identifier)).toEqual(["ada", "bob", "cara"])
      expect(records[2]).toMatchObject({ firstName: "Cära", lastName: "Ünïcode", type: "individual" })
      expect(records[0]).toMatchObject({
        "billing.city": "Oslo",
        "billing.country": "NO",
        "delivery.postalCode": "5003",
        "meta.note": 'say "hi", then\nleave',
        "ref.erp": "E-1"
      })
      // RFC 4180: CRLF between records, a cell holding a quote, a comma or a line break in quotes, quotes doubled.
      expect(text).toContain('"say ""hi"", then\nleave"')
      expect(text.split("\r\n")).toHaveLength(5)
    })

    it("defuses formula cells, and the file reads back through CustomerCsv.createInputOf unchanged", async () => {
      const text = await (await fetchExport(started.base, adminToken)).text()
      const records = recordsOf(text)
      const adaRecord = records.find((record) => record.identifier === "ada")
      expect(adaRecord?.companyName).toBe(`'${ada.companyName}`)
      expect(adaRecord?.phone).toBe("'+47 22 00 00 00")
      expect(adaRecord?.["delivery.city"]).toBe("'-Bergen")
      expect(records.find((record) => record.identifier === "bob")?.["meta.region"]).toBe("'@eu")
      const [header = [], ...rows] = rowsOf(text)
      const inputs = rows.map((row) => {
        const read = CustomerCsv.createInputOf(header, row)
        if ("issues" in read) throw new Error(JSON.stringify(read.issues))
        return read.input
      })
      const byIdentifier = [...inputs].sort((a, b) => (a.identifier ?? "").localeCompare(b.identifier ?? ""))
      expect(byIdentifier).toEqual([ada, { ...bob, type: "individual" }, { ...cara, type: "individual" }])
    })

    it("honours the filters of customers.list: search, type, meta, external reference, sort", async () => {
      const identifiers = async (filters: unknown) =>
        recordsOf(await (await fetchExport(started.base, adminToken, filters)).text()).map((r) => r.identifier)
      expect(await identifiers({ type: "organization" })).toEqual(["ada"])
      expect(await identifiers({ search: "BUILD" })).toEqual(["bob"])
      expect(await identifiers({ meta: { key: "plan", value: "gold" } })).toEqual(["ada"])
      expect(await identifiers({ externalReference: { key: "shop", value: "S-2" } })).toEqual(["bob"])
      expect(await identifiers({ sort: { field: "lastName", direction: "asc" } })).toEqual(["bob", "ada", "cara"])
      expect(await identifiers({ search: "nobody" })).toEqual([])
      const filtered = await (await fetchExport(started.base, adminToken, { type: "organization" })).text()
      expect(rowsOf(filtered)[0]).toEqual(CustomerCsv.headerOf(["note", "plan"], ["erp"]))
    })

    it("never shows another tenant's customers or their keys", async () => {
      const mine = await (await fetchExport(started.base, adminToken)).text()
      expect(mine).not.toContain("Mallory")
      expect(mine).not.toContain("secretPlan")
      const theirs = recordsOf(await (await fetchExport(started.base, otherToken)).text())
      expect(theirs.map((record) => [record.firstName, record["meta.secretPlan"], record["ref.otherCrm"]])).toEqual([
        ["Mallory", "x", "1"]
      ])
    })

    it("answers 401 without a valid token and 403 to a token without customers:read, as the API's errors", async () => {
      for (const bearer of [undefined, "pat_01JBZ0000000000000000000ZZ.bm90LWEtcmVhbC10b2tlbg"]) {
        const refused = await fetchExport(started.base, bearer)
        expect(refused.status).toBe(401)
        expect(((await refused.json()) as Refusal).error.data.code).toBe("UNAUTHORIZED")
      }
      const forbidden = await fetchExport(started.base, readerOfOrders)
      expect(forbidden.status).toBe(403)
      const body = (await forbidden.json()) as Refusal
      expect(body.error.data.code).toBe("FORBIDDEN")
      expect(body.error.message).toContain("customers:read")
    })

    it("answers 400 naming the field of a bad filter, and of cursor or limit, which the export does not take", async () => {
      const issues = async (filters: unknown) => {
        const response = await fetchExport(started.base, adminToken, filters)
        expect(response.status).toBe(400)
        const body = (await response.json()) as Refusal
        expect(body.error.data.code).toBe("BAD_REQUEST")
        return (body.error.data.issues ?? []).map((issue) => issue.path.join("."))
      }
      expect(await issues({ type: "robot" })).toEqual(["type"])
      expect(await issues({ createdAfter: "yesterday", sort: { field: "age", direction: "asc" } })).toEqual([
        "createdAfter",
        "sort.field"
      ])
      expect(await issues({ cursor: "abc", limit: 10 })).toEqual(["cursor", "limit"])
      expect(await issues([1])).toEqual([""])
      expect(await issues({ search: "a\u0000b" })).toEqual(["search"])
      const notJson = await fetch(`${started.base}/export/customers.csv?input=%7Bnope`, {
        headers: { authorization: `Bearer ${adminToken}` }
      })
      expect(notJson.status).toBe(400)
    })

    it("answers HEAD with the headers alone and refuses other methods with 405", async () => {
      const headers = { authorization: `Bearer ${adminToken}` }
      const head = await fetch(`${started.base}/export/customers.csv`, { method: "HEAD", headers })
      expect(head.status).toBe(200)
      expect(head.headers.get("content-type")).toBe("text/csv; charset=utf-8")
      expect(await head.text()).toBe("")
      const post = await fetch(`${started.base}/export/customers.csv`, { method: "POST", headers, body: "{}" })
      expect(post.status).toBe(405)
      expect(post.headers.get("allow")).toBe("GET, HEAD")
    })

    it("writes every customer once across batches of 500, in the listing's order", async () => {
      const rows = Array.from({ length: 1_150 }, (_, n) => ({
        match: { identifier: `many-${n}` },
        customer: { firstName: "Many", lastName: `Number ${String(n).padStart(4, "0")}`, meta: { batch: "yes" } }
      }))
      await call(started.base, adminToken, "customers.upsertMany", { rows: rows.slice(0, 1_000) })
      await call(started.base, adminToken, "customers.upsertMany", { rows: rows.slice(1_000) })
      const filters = { meta: { key: "batch", value: "yes" }, sort: { field: "lastName", direction: "desc" } }
      const records = recordsOf(await (await fetchExport(started.base, adminToken, filters)).text())
      expect(records.map((record) => record.identifier)).toEqual(rows.map((row) => row.match.identifier).reverse())
    }, 120_000)
  })
}
