/**
 * The admin end to end: the production build served by a real Patron server, driven in real Chromium. The steps run
 * in order on one page, as a person would use the admin, and save a screenshot of each screen to `screenshots/`.
 * Under CI=true it fails when Chromium or the server cannot start; elsewhere it skips with the reason.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call } from "./Api.ts"
import { type Browser, chromiumMissing, launch } from "./Chromium.ts"
import { adminToken, type PatronServer, startPatron } from "./PatronServer.ts"
import { type Receiver, startReceiver } from "./Receiver.ts"

const isCI = process.env.CI === "true" || process.env.CI === "1"
const screenshots = join(import.meta.dirname, "..", "screenshots")
const missing = chromiumMissing()
if (missing !== undefined && !isCI) console.warn(`admin e2e skipped: ${missing}`)

let server: PatronServer
let browser: Browser
let receiver: Receiver
let page: Page
let shot = 0
/** What the browser refused under the server's Content Security Policy, across all steps. */
const policyViolations: Array<string> = []

const screenshot = async (name: string) => {
  shot += 1
  await page.screenshot({ path: join(screenshots, `${String(shot).padStart(2, "0")}-${name}.png`) })
}

/** The customer list in the left-hand panel. */
const customerList = () => page.getByTestId("customer-list")
const detail = () => page.getByRole("region", { name: "Customer details" })
const pressPaletteShortcut = () => page.keyboard.press("Control+k")

describe.skipIf(missing !== undefined && !isCI)("the admin, end to end", () => {
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true })
    const missingNow = chromiumMissing()
    if (missingNow !== undefined) throw new Error(`Chromium is required under CI: ${missingNow}`)
    server = await startPatron()
    receiver = await startReceiver()
    for (const [firstName, lastName, companyName] of [
      ["Grace", "Hopper", "Navy Labs"],
      ["Alan", "Turing", "Bletchley Park"],
      ["Katherine", "Johnson", "NASA"]
    ]) {
      await call(server.base, adminToken, "customers.create", { firstName, lastName, companyName })
    }
    browser = await launch()
    browser.context.setDefaultTimeout(20_000)
    page = await browser.context.newPage()
    page.on("pageerror", (error) => console.error("page error:", error.message))
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text())
    })
  })

  afterAll(async () => {
    await browser?.close()
    await receiver?.close()
    await server?.stop()
  })

  it("signs in with an API token", async () => {
    await page.goto(server.base)
    await page.getByLabel("API token").fill(adminToken)
    await screenshot("sign-in")
    await page.getByRole("button", { name: "Sign in" }).click()
    await customerList().getByText("Sample Customer").waitFor()
    await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Customers" }).waitFor()
    expect(page.url()).toBe(`${server.base}/customers`)
    await screenshot("customers")
  })

  it("searches customers on the server, keeping the search in the URL", async () => {
    await page.getByLabel("Search customers").fill("hopp")
    await page.waitForURL(/[?&]q=hopp/)
    await customerList().getByText("Grace Hopper").waitFor()
    await customerList().getByText("Alan Turing").waitFor({ state: "detached" })
    expect(await customerList().getByRole("link").count()).toBe(1)
    await screenshot("customers-search")
    await page.getByLabel("Search customers").fill("")
    await customerList().getByText("Alan Turing").waitFor()
  })

  it("refuses a customer without a last name, then adds it", async () => {
    await page.getByRole("button", { name: "+ Add customer" }).click()
    const form = page.getByRole("form", { name: "Add customer" })
    await form.getByLabel("First name", { exact: false }).first().fill("Margaret")
    await form.getByRole("button", { name: "Create customer" }).click()
    const lastName = form.getByRole("group", { name: "Customer" }).getByLabel("Last name", { exact: false })
    await form.getByText("is required").waitFor()
    expect(await lastName.getAttribute("aria-invalid")).toBe("true")
    await screenshot("customer-form-refused")
    await lastName.fill("Hamilton")
    await form.getByRole("button", { name: "Add metadata entry" }).click()
    await form.getByLabel("Key 1").fill("team")
    await form.getByLabel("Value 1").fill("apollo")
    await form.getByRole("button", { name: "Create customer" }).click()
    await detail().getByRole("heading", { name: "Margaret Hamilton" }).waitFor()
    await page.waitForURL(/\/customers\/cus_[0-9A-Z]{26}$/)
    await customerList().getByText("Margaret Hamilton").waitFor()
    await screenshot("customer-added")
  })

  it("opens a customer with its orders, contracts and usage", async () => {
    await customerList()
      .getByRole("link", { name: /Sample Customer/ })
      .click()
    await detail().getByRole("heading", { name: "Sample Customer" }).waitFor()
    await detail().getByText("Patron handbook").waitFor()
    await detail().getByText("Forecast at period end:").waitFor()
    await screenshot("customer-detail")
    await detail().locator("figure").scrollIntoViewIfNeeded()
    await screenshot("customer-usage-chart")
  })

  it("deletes the customer through a confirmation that says what will happen", async () => {
    await detail().getByRole("button", { name: "Customer actions" }).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    const dialog = page.getByRole("alertdialog", { name: "Delete Sample Customer?" })
    await dialog.getByText("2 orders will be kept; 1 subscription contract will be deleted.").waitFor()
    await screenshot("customer-delete-confirmation")
    await dialog.getByRole("button", { name: "Delete customer" }).click()
    await dialog.waitFor({ state: "detached" })
    await detail().getByText("Select a customer").waitFor()
    await customerList().getByText("Sample Customer").waitFor({ state: "detached" })
    const orders = await call<{ items: ReadonlyArray<unknown> }>(server.base, adminToken, "orders.list", {}, "query")
    expect(orders.items).toHaveLength(2)
  })

  it("creates a webhook endpoint, shows its secret once, and logs a test delivery with its attempt", async () => {
    await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Webhooks" }).click()
    await page.getByRole("button", { name: "+ Add endpoint" }).click()
    const form = page.getByRole("form", { name: "Add webhook endpoint" })
    await form.getByRole("button", { name: "Create endpoint" }).click()
    await form.getByText("must list at least one event type", { exact: false }).waitFor()
    await form.getByLabel("URL", { exact: false }).fill(receiver.url)
    await form.getByLabel("customer.created").check()
    await form.getByLabel("customer.deleted").check()
    await form.getByRole("button", { name: "Create endpoint" }).click()
    const secret = page.getByRole("dialog", { name: "Signing secret" })
    expect(await secret.getByTestId("revealed-secret").inputValue()).toMatch(/^whsec_/)
    await screenshot("webhook-secret")
    await secret.getByRole("button", { name: "Done" }).click()
    await secret.waitFor({ state: "detached" })
    await page.getByRole("button", { name: "Send test event" }).click()
    const log = page.getByTestId("delivery-log")
    await log.getByText("webhook.test").waitFor()
    // The in-process worker delivers within seconds; the log refreshes itself while a delivery is pending.
    await log.getByRole("cell", { name: "200" }).waitFor({ timeout: 45_000 })
    await log.getByText("received by the e2e receiver").waitFor()
    expect(receiver.received).toContain("webhook.test")
    await screenshot("webhook-deliveries")
    // Redelivery sends the same delivery again, keeping the first attempt in its log.
    await log.getByRole("button", { name: "Redeliver" }).click()
    await log.getByRole("cell", { name: "200" }).nth(1).waitFor({ timeout: 45_000 })
    await page.getByRole("button", { name: "Endpoint actions" }).click()
    await page.getByRole("menuitem", { name: "Rotate secret" }).click()
    const rotated = page.getByRole("dialog", { name: "Signing secret" })
    expect(await rotated.getByTestId("revealed-secret").inputValue()).toMatch(/^whsec_/)
    await rotated.getByRole("button", { name: "Done" }).click()
  }, 120_000)

  it("creates an API token on the Access screen, showing its secret once", async () => {
    await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Access" }).click()
    await page.getByRole("heading", { name: "Roles" }).waitFor()
    await screenshot("access")
    await page.getByRole("button", { name: "+ Create token" }).click()
    const form = page.getByRole("dialog", { name: "Create API token" })
    await form.getByLabel("Token name", { exact: false }).fill("e2e reporting")
    await form.getByRole("button", { name: "Create token" }).click()
    const secret = page.getByRole("dialog", { name: "New API token" })
    expect(await secret.getByTestId("revealed-secret").inputValue()).toMatch(/^pat_/)
    await secret.getByRole("button", { name: "Done" }).click()
    await page.getByRole("cell", { name: "e2e reporting", exact: true }).waitFor()
  })

  it("opens the command palette with Ctrl+K to go to a screen and to a customer by name", async () => {
    await pressPaletteShortcut()
    const palette = page.getByRole("dialog", { name: "Command palette" })
    await palette.getByRole("option", { name: "Go to Customers" }).waitFor()
    await screenshot("command-palette")
    await page.keyboard.type("customers")
    await page.keyboard.press("Enter")
    await page.waitForURL(`${server.base}/customers`)
    await palette.waitFor({ state: "detached" })
    await pressPaletteShortcut()
    await page.keyboard.type("hamil")
    await palette.getByRole("option", { name: /Margaret Hamilton/ }).waitFor()
    await screenshot("command-palette-customer")
    await page.keyboard.press("Enter")
    await detail().getByRole("heading", { name: "Margaret Hamilton" }).waitFor()
  })

  it("hides what a read-only token may not do", async () => {
    const role = await call<{ id: string }>(server.base, adminToken, "access.roles.create", {
      name: "viewer",
      permissions: ["customers:read", "orders:read"]
    })
    const token = await call<{ secret: string }>(server.base, adminToken, "access.tokens.create", {
      name: "viewer",
      roleId: role.id
    })
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.getByLabel("API token").fill(token.secret)
    await page.getByRole("button", { name: "Sign in" }).click()
    await customerList().getByText("Margaret Hamilton").click()
    await detail().getByRole("heading", { name: "Margaret Hamilton" }).waitFor()
    const nav = page.getByRole("navigation", { name: "Screens" })
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Customers"])
    expect(await page.getByRole("button", { name: "+ Add customer" }).count()).toBe(0)
    expect(await detail().getByRole("button", { name: "Customer actions" }).count()).toBe(0)
    await screenshot("read-only")
  })

  it("breaks no rule of the Content Security Policy on any screen, dialogs included", () => {
    expect(policyViolations).toEqual([])
  })
})
