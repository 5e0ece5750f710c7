/**
 * The import's body limit (`PATRON_MAX_IMPORT_BYTES`) over real HTTP on an embedded database: a declared length past
 * it is refused 413 before any job; a streamed body growing past it fails its import, naming exactly the rows that
 * landed (the chunks committed before the limit).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call } from "./exportClient.ts"
import { finished, postImport } from "./importClient.ts"
import { stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const adminToken = "pat_01JBZ0000000000000000000AH.Y3VzdG9tZXItaW1wb3J0LWxpbWl0LWFkbWluLXNlY3JldA"
const limit = 40_000

/** `count` rows of 36 bytes each after the header. */
function* rows(count: number): Generator<string> {
  yield "identifier,firstName,lastName\r\n"
  for (let n = 0; n < count; n++)
    yield `lim-${String(n).padStart(6, "0")},First,Last-${String(n).padStart(12, "0")}\r\n`
}

describe("the import's body limit on an embedded database", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "patron-import-limit-"))
  let started: Started
  beforeAll(async () => {
    started = await startServer({
      PATRON_DATA_DIR: dataDir,
      PATRON_ADMIN_TOKEN: adminToken,
      PATRON_SEED: "0",
      PATRON_MAX_IMPORT_BYTES: String(limit)
    })
  }, 180_000)
  afterAll(async () => {
    await stop(started)
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("refuses a declared length past the limit with 413, naming the variable", async () => {
    const response = await fetch(`${started.base}/import/customers`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "text/csv" },
      body: [...rows(2_000)].join("")
    })
    expect(response.status).toBe(413)
    const body = (await response.json()) as { error: { message: string } }
    expect(body.error.message).toBe("the file is larger than PATRON_MAX_IMPORT_BYTES (40,000 bytes)")
  }, 60_000)

  it("fails a streamed body growing past the limit, naming exactly the rows that landed", async () => {
    const answer = await postImport(started.base, adminToken, rows(2_000))
    expect(answer.status).toBe(202)
    const report = await finished(started.base, adminToken, String(answer.body.importId))
    // How many chunks land before the limit depends on how the bytes arrive; which rows landed is exact.
    expect(report.status).toBe("failed")
    const landed = Number(report.processed)
    expect(landed % 500).toBe(0)
    expect(report.created).toBe(landed)
    const said = landed === 0 ? "no rows landed" : `rows 2\\.\\.${landed + 1} landed`
    expect(String(report.message)).toMatch(
      new RegExp(`^the file is larger than PATRON_MAX_IMPORT_BYTES \\(40,000 bytes\\) at row ${landed + 2}: ${said}; `)
    )
    const page = await call(started.base, adminToken, `customers.list?input=${encodeURIComponent('{"limit":200}')}`)
    const stored = (page.items as ReadonlyArray<unknown>).length
    expect(stored).toBe(Math.min(landed, 200))
  }, 60_000)
})
