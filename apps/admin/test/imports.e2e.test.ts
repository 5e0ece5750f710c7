/**
 * The customer list's Import and Export end to end, in real Chromium against a real server: a small CSV file set on
 * the Import dialog's file input, its preview, a dry run whose report names the bad row and column, the import with
 * its progress bar reaching the end and the list showing the new customers, then an export of the searched list
 * downloaded as customers.csv. Under CI=true it fails when Chromium or the server cannot start; elsewhere it skips
 * with the reason.
 */
import { readFile } from "node:fs/promises"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Browser, chromiumMissing, signedIn } from "./Chromium.ts"
import { adminToken, type PatronServer, startPatron } from "./PatronServer.ts"

const isCI = process.env.CI === "true" || process.env.CI === "1"
const missing = chromiumMissing()
if (missing !== undefined && !isCI) console.warn(`imports e2e skipped: ${missing}`)

let server: PatronServer
let browser: Browser
let page: Page

const file = [
  "identifier,type,firstName,lastName,email,colour",
  "IMP-1,individual,Ada,Lovelace,ada@example.com,blue",
  "IMP-2,individual,Alan,Turing,not-an-email,green",
  "IMP-3,individual,Grace,Hopper,grace@example.com,red"
].join("\r\n")
const known = file.replace(/,(blue|green|red|colour)(?=\r|$)/g, "")

const dialog = () => page.getByRole("dialog", { name: "Import customers" })
const customerList = () => page.getByTestId("customer-list")

const chooseFile = (csv: string) =>
  dialog()
    .getByLabel("Drop a .csv file here, or choose one")
    .setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) })

describe.skipIf(missing !== undefined && !isCI)("the customer import and export, end to end", () => {
  beforeAll(async () => {
    const missingNow = chromiumMissing()
    if (missingNow !== undefined) throw new Error(`Chromium is required under CI: ${missingNow}`)
    server = await startPatron()
    ;({ browser, page } = await signedIn(server.base, adminToken))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it("opens Import with focus on the file input, and previews a file's rows and unknown columns", async () => {
    await page.getByRole("button", { name: "Import", exact: true }).click()
    await dialog().waitFor()
    await page.waitForFunction(() => document.activeElement?.id === "pa-import-file", undefined, { timeout: 5_000 })
    await chooseFile(file)
    const preview = dialog().getByRole("region", { name: "First rows of the file" })
    await preview.getByRole("columnheader", { name: "colour (unknown)" }).waitFor()
    expect(await preview.getByRole("row").count()).toBe(4)
    await preview.getByRole("cell", { name: "not-an-email" }).waitFor()
    await dialog().getByText("Not columns of the customer file: colour").waitFor()
  })

  it("runs a dry run whose report names the bad row and column, and writes nothing", async () => {
    await chooseFile(known)
    await expect(dialog().getByText("Not columns of the customer file", { exact: false }).count()).resolves.toBe(0)
    await dialog().getByRole("button", { name: "Dry run" }).click()
    await dialog().getByRole("status").filter({ hasText: "Dry run finished" }).waitFor()
    const errors = dialog().getByRole("table", { name: "Errors by row" })
    const row = errors.getByRole("row").filter({ hasText: "email" })
    await row.waitFor()
    expect(await row.getByRole("cell").allTextContents()).toEqual(["3", "email", expect.any(String)])
    expect(await errors.getByRole("row").count()).toBe(2)
    expect(await dialog().getByRole("progressbar").count()).toBe(0)
    expect(await customerList().getByText("Ada Lovelace").count()).toBe(0)
  })

  it("imports with a progress bar that reaches its end, then the list shows the new customers", async () => {
    await dialog().getByRole("button", { name: "Import", exact: true }).click()
    const progress = dialog().getByRole("progressbar", { name: "Import progress" })
    await progress.waitFor()
    await dialog().getByRole("status").filter({ hasText: "Import finished" }).waitFor()
    expect(await progress.evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([3, 3])
    await dialog().getByText("3 of 3 rows").waitFor()
    await dialog().getByRole("button", { name: "Done" }).click()
    await dialog().waitFor({ state: "detached" })
    await customerList().getByText("Ada Lovelace").waitFor()
    await customerList().getByText("Grace Hopper").waitFor()
    expect(await customerList().getByText("Alan Turing").count()).toBe(0)
  })

  it("exports the searched list as customers.csv", async () => {
    await page.getByLabel("Search customers").fill("lovelace")
    await expect.poll(() => customerList().getByText("Grace Hopper").count(), { timeout: 10_000 }).toBe(0)
    await customerList().getByText("Ada Lovelace").waitFor()
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export" }).click()
    ])
    expect(download.suggestedFilename()).toBe("customers.csv")
    const path = await download.path()
    const lines = (await readFile(path, "utf8"))
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter((line) => line !== "")
    const header = lines[0]?.split(",") ?? []
    expect(header.slice(0, 3)).toEqual(["id", "identifier", "type"])
    expect(lines).toHaveLength(2)
    const cells = lines[1]?.split(",") ?? []
    expect(cells[header.indexOf("identifier")]).toBe("IMP-1")
    expect(cells[header.indexOf("email")]).toBe("ada@example.com")
    expect(cells[header.indexOf("lastName")]).toBe("Lovelace")
  })
})
