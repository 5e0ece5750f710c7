/**
 * `POST /import/customers` and `imports.get` over real HTTP against the server process, on an embedded database
 * and on the machine's PostgreSQL (a database of its own, dropped afterwards; skipped with a reason when it is
 * unreachable, mandatory under CI=true): creating and updating by identifier and by an external reference key, a dry
 * run reporting the same errors and writing nothing, a BOM and `;`, bad rows by row and column while good rows land,
 * a bad header, refusals (401, 403, 400, 415) in the router's error shape, and another tenant's import not found.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call, createTenant } from "./exportClient.ts"
import { finished, postImport } from "./importClient.ts"
import { freshDatabase, shouldRun, stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const adminToken = "pat_01JBZ0000000000000000000AF.Y3VzdG9tZXItaW1wb3J0LXRlc3QtYWRtaW4tc2VjcmV0"

const mode = async (name: string) => {
  if (name === "an embedded database") {
    const dataDir = mkdtempSync(join(tmpdir(), "patron-import-"))
    return { env: { PATRON_DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
  }
  const database = await freshDatabase("patron_test_import")
  return { env: { DATABASE_URL: database.url }, drop: database.drop }
}

const runsOnPostgres = await shouldRun("the customer import over HTTP on PostgreSQL")

const file = (rows: ReadonlyArray<string>) => [`${rows.join("\r\n")}\r\n`]

for (const name of ["an embedded database", "PostgreSQL"]) {
  describe.runIf(name !== "PostgreSQL" || runsOnPostgres)(`POST /import/customers on ${name}`, () => {
    let started: Started
    let drop: () => Promise<unknown> = async () => undefined
    let otherToken: string
    let readerToken: string

    const customers = async (token = adminToken) => {
      const page = await call(started.base, token, `customers.list?input=${encodeURIComponent('{"limit":200}')}`)
      return (page.items as ReadonlyArray<Record<string, unknown>>)
        .map((c) => `${c.identifier}|${c.email ?? ""}|${JSON.stringify(c.externalReferences)}`)
        .sort()
    }
    const imported = async (rows: ReadonlyArray<string>, query = "", token = adminToken) => {
      const answer = await postImport(started.base, token, file(rows), query)
      expect(answer.status).toBe(202)
      return finished(started.base, token, String(answer.body.importId))
    }

    beforeAll(async () => {
      const made = await mode(name)
      drop = made.drop
      otherToken = createTenant("other", made.env)
      started = await startServer({ ...made.env, PATRON_ADMIN_TOKEN: adminToken, PATRON_SEED: "0" })
      const role = await call(started.base, adminToken, "access.roles.create", {
        name: "creator and reader",
        permissions: ["customers:create", "customers:read"]
      })
      const token = await call(started.base, adminToken, "access.tokens.create", { name: "no update", roleId: role.id })
      readerToken = String(token.secret)
    }, 300_000)

    afterAll(async () => {
      await stop(started)
      await drop()
    })

    it("creates, then updates by identifier; bad rows are reported by row and column while good rows land", async () => {
      const first = await imported([
        "identifier,firstName,lastName,email,billing.country,meta.plan",
        "ada,Ada,Lovelace,ada@example.com,GB,gold",
        "bad,Bad,Email,not-an-email,,",
        "grace,Grace,Hopper,,XX,",
        "ada,Ada,Lovelace,ada@example.org,GB,gold"
      ])
      expect(first).toMatchObject({
        status: "succeeded",
        dryRun: false,
        match: "identifier",
        total: 4,
        processed: 4,
        created: 1,
        updated: 1,
        failed: 2
      })
      expect((first.errors as ReadonlyArray<{ row: number; column: string }>).map((e) => [e.row, e.column])).toEqual([
        [3, "email"],
        [4, "billing.country"]
      ])
      expect(await customers()).toEqual(["ada|ada@example.org|{}"])
      const again = await imported(["identifier,firstName,lastName,email", "ada,Ada,Lovelace,ada@example.org"])
      expect(again).toMatchObject({ status: "succeeded", unchanged: 1, created: 0, updated: 0 })
    }, 60_000)

    it("matches by externalReference:<key>, reads a BOM and ';', and a dry run reports the same and writes nothing", async () => {
      const rows = [
        "\uFEFFfirstName;lastName;ref.erp;email",
        "Erp;One;E-1;erp1@example.com",
        "No;Ref;;x@example.com",
        "Bad;Mail;E-2;nope"
      ]
      const dry = await imported(rows, "?dryRun=1&match=externalReference:erp")
      expect(await customers()).not.toContain('|erp1@example.com|{"erp":"E-1"}')
      const real = await imported(rows, "?match=externalReference:erp")
      const counts = (r: Record<string, unknown>) => [r.created, r.updated, r.unchanged, r.failed, r.errors]
      expect(dry).toMatchObject({ status: "succeeded", dryRun: true, match: "externalReference:erp" })
      expect(counts(dry)).toEqual(counts(real))
      expect(real).toMatchObject({ created: 1, failed: 2 })
      expect(real.errors).toEqual([
        { row: 3, column: "ref.erp", message: "is required to match by ref.erp" },
        expect.objectContaining({ row: 4, column: "email" })
      ])
      expect((await customers()).filter((c) => c.includes("E-1"))).toHaveLength(1)
    }, 60_000)

    it("fails an import whose header names no column of the file or lacks the match column, writing nothing", async () => {
      const report = await imported(["firstName,lastName,shoeSize", "A,B,44"])
      expect(report).toMatchObject({ status: "failed", processed: 0 })
      expect(report.errors).toEqual([
        { row: 1, column: "shoeSize", message: "is not a column of the customer file (see docs/csv.md)" },
        { row: 1, column: "identifier", message: "is required to match by identifier" }
      ])
    }, 60_000)

    it("refuses without a token (401), without customers:update (403), a bad match (400) and another type (415)", async () => {
      const body = file(["identifier,firstName,lastName", "x,X,Y"])
      const none = await postImport(started.base, undefined, body)
      expect([none.status, (none.body.error as { data: { code: string } }).data.code]).toEqual([401, "UNAUTHORIZED"])
      const forbidden = await postImport(started.base, readerToken, body)
      expect(forbidden.status).toBe(403)
      expect((forbidden.body.error as { message: string }).message).toBe("missing permission customers:update")
      const badMatch = await postImport(started.base, adminToken, body, "?match=email")
      expect(badMatch.status).toBe(400)
      expect((badMatch.body.error as { data: { issues: unknown } }).data.issues).toEqual([
        { path: ["match"], message: "must be identifier or externalReference:<key>" }
      ])
      const json = await postImport(started.base, adminToken, body, "", "application/json")
      expect(json.status).toBe(415)
      expect(await customers()).not.toContain("x||{}")
    }, 60_000)

    it("keeps tenants apart: another tenant's import is NOT_FOUND", async () => {
      const answer = await postImport(started.base, otherToken, file(["identifier,firstName,lastName", "m,M,O"]))
      const id = String(answer.body.importId)
      await finished(started.base, otherToken, id)
      const response = await fetch(
        `${started.base}/trpc/imports.get?input=${encodeURIComponent(JSON.stringify({ id }))}`,
        { headers: { authorization: `Bearer ${adminToken}` } }
      )
      expect(response.status).toBe(404)
      expect(await customers()).not.toContain("m||{}")
    }, 60_000)
  })
}
