/**
 * Every screen of the admin at the size of a small phone, a phone, a tablet and a desktop, in real Chromium against a
 * real server: nothing scrolls sideways, on a phone the list and the detail take the whole width in turn with a way
 * back, the keyboard has a skip link and a visible focus ring, and axe-core finds no serious or critical violation on
 * any screen, dialogs included. Screenshots go to PATRON_SCREENS_DIR (default /tmp/patron-screens), outside the repo.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call } from "./Api.ts"
import { type Browser, chromiumMissing, launch } from "./Chromium.ts"
import { adminToken, type PatronServer, startPatron } from "./PatronServer.ts"
import { type Receiver, startReceiver } from "./Receiver.ts"
import { overflows, seriousViolations, visibleWidth } from "./Screens.ts"

const isCI = process.env.CI === "true" || process.env.CI === "1"
const screensDir = process.env.PATRON_SCREENS_DIR ?? "/tmp/patron-screens"
const missing = chromiumMissing()
if (missing !== undefined && !isCI) console.warn(`screens e2e skipped: ${missing}`)

const viewports = [
  { name: "small-phone", width: 360, height: 740, isStacked: true },
  { name: "phone", width: 390, height: 844, isStacked: true },
  { name: "tablet", width: 768, height: 1024, isStacked: false },
  { name: "desktop", width: 1440, height: 900, isStacked: false }
] as const

let server: PatronServer
let receiver: Receiver
let browser: Browser

describe.skipIf(missing !== undefined && !isCI)("the admin on every screen", () => {
  beforeAll(async () => {
    mkdirSync(screensDir, { recursive: true })
    const missingNow = chromiumMissing()
    if (missingNow !== undefined) throw new Error(`Chromium is required under CI: ${missingNow}`)
    server = await startPatron()
    receiver = await startReceiver()
    const endpoint = await call<{ id: string }>(server.base, adminToken, "webhooks.create", {
      url: receiver.url,
      events: ["customer.created", "customer.deleted"],
      description: "The screens e2e receiver"
    })
    await call(server.base, adminToken, "webhooks.test", { id: endpoint.id })
    await call(server.base, adminToken, "access.roles.create", {
      name: "viewer",
      permissions: ["customers:read", "orders:read"]
    })
    // axe-core is injected as an inline script, which the server's Content Security Policy would refuse.
    browser = await launch({ bypassCSP: true })
    browser.context.setDefaultTimeout(10_000)
  })

  afterAll(async () => {
    await browser?.close()
    await receiver?.close()
    await server?.stop()
  })

  describe.each(viewports)("at $width × $height ($name)", (viewport) => {
    let page: Page
    let shot = 0
    const nav = () => page.getByRole("navigation", { name: "Screens" })
    const customers = () => page.getByTestId("customer-list")
    const customerDetail = () => page.getByRole("region", { name: "Customer details" })
    const endpointDetail = () => page.getByRole("region", { name: "Webhook endpoint details" })
    /** Whether focus is on something the screen shows (not lost on a hidden pane or the page's body). */
    const focusIsShown = () =>
      page.evaluate(() => {
        const active = document.activeElement
        return active !== null && active !== document.body && active.getClientRects().length > 0
      })

    /** Saves a screenshot, then asserts nothing is wider than the viewport and axe finds nothing serious. */
    const check = async (name: string) => {
      shot += 1
      await page.screenshot({
        path: join(screensDir, `${viewport.name}-${String(shot).padStart(2, "0")}-${name}.png`)
      })
      // Soft, so one run reports every screen's problems; the test still fails on any.
      expect.soft((await overflows(page)).join("\n"), `${name}: wider than the viewport`).toBe("")
      expect.soft((await seriousViolations(page)).join("\n"), `${name}: axe`).toBe("")
    }

    beforeAll(async () => {
      page = await browser.context.newPage()
      await page.setViewportSize({ width: viewport.width, height: viewport.height })
      page.on("pageerror", (error) => console.error("page error:", error.message))
    })

    afterAll(async () => {
      await page?.close()
    })

    it("signs in", async () => {
      await page.goto(server.base)
      await page.getByLabel("API token").waitFor()
      await check("sign-in")
      await page.getByLabel("API token").fill(adminToken)
      await page.getByRole("button", { name: "Sign in" }).click()
      await customers().getByText("Sample Customer").waitFor()
    })

    it("offers a skip link to the content as the first stop of the keyboard, and rings what has focus", async () => {
      await page.locator("body").focus()
      await page.keyboard.press("Tab")
      const skip = page.getByRole("link", { name: "Skip to content" })
      expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true)
      expect(await skip.isVisible()).toBe(true)
      await page.keyboard.press("Enter")
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("MAIN")
      await page.keyboard.press("Tab")
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement ?? document.body)
        return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) }
      })
      expect(ring.style).not.toBe("none")
      expect(ring.width).toBeGreaterThanOrEqual(2)
    })

    it("shows the customer list across the screen", async () => {
      await check("customers")
      if (viewport.isStacked) {
        expect(await visibleWidth(page, ".pa-list-panel")).toBeGreaterThanOrEqual(viewport.width * 0.9)
        expect(await customerDetail().isVisible()).toBe(false)
      } else {
        expect(await customerDetail().isVisible()).toBe(true)
      }
    })

    it("opens a customer, with country names, short order ids, and a way back to the list", async () => {
      await customers()
        .getByRole("link", { name: /Sample Customer/ })
        .click()
      await customerDetail().getByRole("heading", { name: "Sample Customer" }).waitFor()
      await customerDetail().getByText("Forecast at period end:").waitFor()
      const addresses = customerDetail().getByRole("region", { name: "Addresses" })
      expect(await addresses.getByText("Norway").count()).toBe(2)
      const orderTitles = await customerDetail()
        .getByRole("region", { name: "Orders" })
        .locator(".pa-order .pa-card-title")
        .allTextContents()
      expect(orderTitles).toHaveLength(2)
      for (const title of orderTitles) expect(title).toMatch(/^Order …[0-9A-Z]{8}$/)
      expect(await visibleWidth(page, ".pa-detail-panel")).toBeGreaterThanOrEqual(
        viewport.isStacked ? viewport.width * 0.9 : viewport.width * 0.45
      )
      await check("customer-detail")
      await customerDetail().getByRole("region", { name: "Orders" }).scrollIntoViewIfNeeded()
      await check("customer-orders")
      await customerDetail().getByRole("heading", { name: "Sample Customer" }).scrollIntoViewIfNeeded()
      const back = customerDetail().getByRole("link", { name: "Back to customers" })
      if (viewport.isStacked) {
        expect(await customers().isVisible()).toBe(false)
        await back.focus()
        await page.keyboard.press("Enter")
        await page.waitForURL(/\/customers\/?$/)
        await customers().getByText("Sample Customer").waitFor()
        expect(await customerDetail().isVisible()).toBe(false)
        expect(await focusIsShown(), "focus after Back").toBe(true)
        await customers()
          .getByRole("link", { name: /Sample Customer/ })
          .focus()
        await page.keyboard.press("Enter")
        await customerDetail().getByRole("heading", { name: "Sample Customer" }).waitFor()
        expect(await focusIsShown(), "focus after opening a customer from the keyboard").toBe(true)
      } else {
        expect(await back.isVisible()).toBe(false)
        expect(await customers().isVisible()).toBe(true)
      }
    })

    it("asks before deleting a customer, saying what happens", async () => {
      await customerDetail().getByRole("button", { name: "Customer actions" }).click()
      await page.getByRole("menuitem", { name: "Delete" }).click()
      const dialog = page.getByRole("alertdialog", { name: "Delete Sample Customer?" })
      await dialog.getByText("2 orders will be kept", { exact: false }).waitFor()
      await check("customer-delete-dialog")
      await dialog.getByRole("button", { name: "Cancel" }).click()
      await dialog.waitFor({ state: "detached" })
    })

    it("shows the form to add a customer", async () => {
      await page.goto(`${server.base}/customers/new`)
      await page.getByRole("form", { name: "Add customer" }).waitFor()
      await check("customer-form")
      if (viewport.isStacked) {
        await customerDetail().getByRole("link", { name: "Back to customers" }).click()
        await customers().getByText("Sample Customer").waitFor()
      }
    })

    it("shows the Import dialog with a wide file's preview and a dry run's report", async () => {
      await page.getByRole("button", { name: "Import", exact: true }).click()
      const dialog = page.getByRole("dialog", { name: "Import customers" })
      await dialog.waitFor()
      await check("import-dialog")
      const csv = [
        "identifier,type,firstName,lastName,email,billing.street,billing.postalCode,billing.city,billing.country,meta.plan,ref.erp,colour",
        "SCR-1,individual,Wide,Preview,wide@example.com,Karl Johans gate 1,0154,Oslo,NO,gold,E-1,blue",
        "SCR-2,individual,Bad,Email,not-an-email,Storgata 2,0155,Oslo,NO,silver,E-2,green"
      ].join("\r\n")
      await dialog
        .getByLabel("Drop a .csv file here, or choose one")
        .setInputFiles({ name: "wide.csv", mimeType: "text/csv", buffer: Buffer.from(csv) })
      await dialog.getByRole("region", { name: "First rows of the file" }).waitFor()
      await dialog.getByRole("button", { name: "Dry run" }).click()
      await dialog.getByRole("table", { name: "Errors by row" }).waitFor()
      await check("import-dry-run")
      await dialog.getByRole("button", { name: "Cancel" }).click()
      await dialog.waitFor({ state: "detached" })
    })

    it("shows the webhook endpoints, one endpoint with its delivery log in seconds, and a way back", async () => {
      await nav().getByRole("link", { name: "Webhooks" }).click()
      await page.getByRole("link", { name: new RegExp(receiver.url) }).waitFor()
      await check("webhooks")
      if (viewport.isStacked) expect(await endpointDetail().isVisible()).toBe(false)
      await page.getByRole("link", { name: new RegExp(receiver.url) }).click()
      const log = page.getByTestId("delivery-log")
      await log.getByRole("cell", { name: "200" }).waitFor({ timeout: 45_000 })
      const attempted = await log.getByRole("row").nth(1).getByRole("cell").first().textContent()
      expect(attempted).toMatch(/\d:\d\d:\d\d/)
      expect(await log.locator(".pa-order-head .pa-muted").first().textContent()).toMatch(/\d:\d\d:\d\d/)
      expect(await visibleWidth(page, ".pa-detail-panel")).toBeGreaterThanOrEqual(
        viewport.isStacked ? viewport.width * 0.9 : viewport.width * 0.45
      )
      await check("webhook-detail")
      await log.scrollIntoViewIfNeeded()
      await check("webhook-delivery-log")
      const back = endpointDetail().getByRole("link", { name: "Back to webhooks" })
      if (viewport.isStacked) {
        await back.click()
        await page.waitForURL(/\/webhooks\/?$/)
        await page.getByRole("link", { name: new RegExp(receiver.url) }).waitFor()
        expect(await endpointDetail().isVisible()).toBe(false)
        expect(await focusIsShown(), "focus after Back").toBe(true)
      } else {
        expect(await back.isVisible()).toBe(false)
      }
    }, 90_000)

    it("shows the form to add a webhook endpoint", async () => {
      await page.getByRole("button", { name: "+ Add endpoint" }).click()
      await page.getByRole("form", { name: "Add webhook endpoint" }).waitFor()
      await check("webhook-form")
      await page.getByRole("button", { name: "Cancel" }).click()
    })

    it("shows API tokens and roles, and the dialogs to create them", async () => {
      await nav().getByRole("link", { name: "Access" }).click()
      await page.getByRole("heading", { name: "Roles" }).waitFor()
      await page.getByText("viewer").first().waitFor()
      await check("access")
      await page.getByRole("heading", { name: "Roles" }).scrollIntoViewIfNeeded()
      await check("access-roles")
      await page.getByRole("button", { name: "+ Create token" }).click()
      const tokenForm = page.getByRole("dialog", { name: "Create API token" })
      await tokenForm.waitFor()
      await check("access-token-form")
      await page.keyboard.press("Escape")
      await tokenForm.waitFor({ state: "detached" })
      await page.getByRole("button", { name: "+ Add role" }).click()
      const roleForm = page.getByRole("dialog", { name: /role/i })
      await roleForm.waitFor()
      await check("access-role-form")
      await page.keyboard.press("Escape")
      await roleForm.waitFor({ state: "detached" })
    })

    it("opens the command palette", async () => {
      await page.keyboard.press("Control+k")
      const palette = page.getByRole("dialog", { name: "Command palette" })
      await palette.getByRole("option", { name: "Go to Customers" }).waitFor()
      await check("command-palette")
      await page.keyboard.type("sample")
      await palette.getByRole("option", { name: /Sample Customer/ }).waitFor()
      await check("command-palette-customer")
      await page.keyboard.press("Escape")
      await palette.waitFor({ state: "detached" })
    })
  })
})
