/**
 * The admin's forms end to end, in real Chromium against a real server: where focus goes when a form opens (from the
 * Ctrl+K command palette, from Edit, in a dialog) and when the server refuses a save, and the warning before revoking
 * the token the session is signed in with. Under CI=true it fails when Chromium or the server cannot start; elsewhere
 * it skips with the reason.
 */
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { call } from "./Api.ts"
import { type Browser, chromiumMissing, signedIn } from "./Chromium.ts"
import { adminToken, type PatronServer, startPatron } from "./PatronServer.ts"

const isCI = process.env.CI === "true" || process.env.CI === "1"
const missing = chromiumMissing()
if (missing !== undefined && !isCI) console.warn(`forms e2e skipped: ${missing}`)

let server: PatronServer
let browser: Browser
let page: Page
let grace: { readonly id: string }

const detail = () => page.getByRole("region", { name: "Customer details" })

/**
 * The id of the element that has focus once it is `id` (or the last one seen, when it never is), read again a moment
 * later so focus that something else takes back right after (a closing dialog returning it) is caught.
 */
const focusedId = async (id: string) => {
  await page
    .waitForFunction((expected) => document.activeElement?.id === expected, id, { timeout: 5_000 })
    .catch(() => undefined)
  await page.waitForTimeout(300)
  return page.evaluate(() => document.activeElement?.id ?? "")
}

/** Whether the element with the id lies within the viewport. */
const isInView = (id: string) =>
  page.evaluate((target) => {
    const box = document.getElementById(target)?.getBoundingClientRect()
    return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight
  }, id)

describe.skipIf(missing !== undefined && !isCI)("the admin's forms, end to end", () => {
  beforeAll(async () => {
    const missingNow = chromiumMissing()
    if (missingNow !== undefined) throw new Error(`Chromium is required under CI: ${missingNow}`)
    server = await startPatron()
    grace = await call<{ id: string }>(server.base, adminToken, "customers.create", {
      firstName: "Grace",
      lastName: "Hopper"
    })
    ;({ browser, page } = await signedIn(server.base, adminToken))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it("focuses the customer form's first field when it opens from the Ctrl+K palette", async () => {
    await page.keyboard.press("Control+k")
    const palette = page.getByRole("dialog", { name: "Command palette" })
    await palette.getByRole("option", { name: "Add customer" }).waitFor()
    await page.keyboard.type("add customer")
    await page.keyboard.press("Enter")
    await page.getByRole("form", { name: "Add customer" }).waitFor()
    await palette.waitFor({ state: "detached" })
    expect(await focusedId("pa-customer-type")).toBe("pa-customer-type")
  })

  it("focuses the first field the server refuses, scrolled into view", async () => {
    const form = page.getByRole("form", { name: "Add customer" })
    const customer = form.getByRole("group", { name: "Customer" })
    await customer.getByLabel("First name", { exact: false }).fill("Ada")
    await customer.getByLabel("Last name", { exact: false }).fill("Lovelace")
    // The form's own rules pass; only the server knows today's date.
    await customer.getByLabel("Birth date").fill("2999-01-01")
    await form.getByRole("button", { name: "Create customer" }).click()
    await form.getByText("must not be in the future").waitFor()
    expect(await customer.getByLabel("Birth date").getAttribute("aria-invalid")).toBe("true")
    expect(await focusedId("pa-customer-birthDate")).toBe("pa-customer-birthDate")
    expect(await isInView("pa-customer-birthDate")).toBe(true)
    await form.getByRole("button", { name: "Cancel" }).click()
  })

  it("focuses the customer form's first field when it opens from Edit", async () => {
    await page.goto(`${server.base}/customers/${grace.id}`)
    await detail().getByRole("heading", { name: "Grace Hopper" }).waitFor()
    await detail().getByRole("button", { name: "Customer actions" }).click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    await page.getByRole("form", { name: "Edit customer" }).waitFor()
    expect(await focusedId("pa-customer-type")).toBe("pa-customer-type")
    await page.getByRole("form", { name: "Edit customer" }).getByRole("button", { name: "Cancel" }).click()
  })

  it("focuses the webhook endpoint form's URL when it opens from the Ctrl+K palette", async () => {
    await page.keyboard.press("Control+k")
    const palette = page.getByRole("dialog", { name: "Command palette" })
    await palette.getByRole("option", { name: "Add webhook endpoint" }).waitFor()
    await page.keyboard.type("add webhook")
    await page.keyboard.press("Enter")
    await page.getByRole("form", { name: "Add webhook endpoint" }).waitFor()
    expect(await focusedId("pa-endpoint-url")).toBe("pa-endpoint-url")
  })

  it("focuses the role form's name in its dialog", async () => {
    await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Access" }).click()
    await page.getByRole("button", { name: "+ Add role" }).click()
    await page.getByRole("dialog", { name: "Add role" }).waitFor()
    expect(await focusedId("pa-role-name")).toBe("pa-role-name")
    await page.keyboard.press("Escape")
    await page.getByRole("dialog", { name: "Add role" }).waitFor({ state: "detached" })
  })

  it("focuses the token form's name in its dialog", async () => {
    await page.getByRole("button", { name: "+ Create token" }).click()
    await page.getByRole("dialog", { name: "Create API token" }).waitFor()
    expect(await focusedId("pa-token-name")).toBe("pa-token-name")
    await page.keyboard.press("Escape")
    await page.getByRole("dialog", { name: "Create API token" }).waitFor({ state: "detached" })
  })

  it("warns before revoking the token of this session that it signs you out, and does", async () => {
    const own = page.getByRole("row").filter({ hasText: "This session" })
    await own.getByRole("button", { name: /^Revoke token/ }).click()
    const warning = page.getByRole("alertdialog", { name: "Revoke the token of this session?" })
    await warning.getByText("you will be signed out").waitFor()
    await warning.getByRole("button", { name: "Revoke and sign out" }).click()
    await page.getByLabel("API token").waitFor()
    await page.getByText("You revoked the API token of this session.").waitFor()
    const refused = await fetch(`${server.base}/trpc/access.me`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(refused.status).toBe(401)
  })
})
