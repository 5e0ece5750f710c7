/**
 * The API reference page (`GET /docs`) in real Chromium, served by a real Patron server: Swagger UI renders every
 * procedure of the router from `/openapi.json`, loads nothing from another origin, and the browser reports no
 * violation of the page's Content Security Policy. Under CI=true it fails when Chromium cannot start; elsewhere it
 * skips with the reason.
 */
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Browser, chromiumMissing, launch } from "./Chromium.ts"
import { adminToken, type PatronServer, startPatron } from "./PatronServer.ts"

const isCI = process.env.CI === "true" || process.env.CI === "1"
const missing = chromiumMissing()
if (missing !== undefined && !isCI) console.warn(`API docs e2e skipped: ${missing}`)

let server: PatronServer
let browser: Browser
let page: Page
const policyViolations: Array<string> = []
const requestedOrigins = new Set<string>()

describe.skipIf(missing !== undefined && !isCI)("the API reference page, in Chromium", () => {
  beforeAll(async () => {
    const missingNow = chromiumMissing()
    if (missingNow !== undefined) throw new Error(`Chromium is required under CI: ${missingNow}`)
    server = await startPatron({ env: { PATRON_SEED: "0" } })
    browser = await launch()
    browser.context.setDefaultTimeout(30_000)
    page = await browser.context.newPage()
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text())
    })
    page.on("request", (request) => requestedOrigins.add(new URL(request.url()).origin))
    await page.addInitScript(() => {
      const seen: Array<string> = []
      Object.assign(window, { policyViolations: seen })
      document.addEventListener("securitypolicyviolation", (event) =>
        seen.push(`${event.violatedDirective} ${event.blockedURI}`)
      )
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it("renders every procedure of /openapi.json, from the server's own files only", async () => {
    const document = (await (await fetch(`${server.base}/openapi.json`)).json()) as { paths: Record<string, unknown> }
    const paths = Object.keys(document.paths)
    expect(paths.length).toBeGreaterThan(30)
    await page.goto(`${server.base}/docs`)
    await page.locator(".opblock").first().waitFor()
    const rendered = await page.locator(".opblock-summary-path").allInnerTexts()
    const normalized = rendered.map((text) => text.replace(/\u200b/g, "").trim())
    expect([...normalized].sort()).toEqual([...paths].sort())
    expect(await page.locator(".opblock-summary-method").first().textContent()).toMatch(/GET|POST/)
    expect(await page.getByText("Patron API").first().isVisible()).toBe(true)
    expect([...requestedOrigins]).toEqual([server.base])
    const reported = await page.evaluate(
      () => (window as unknown as { policyViolations: Array<string> }).policyViolations
    )
    expect([...policyViolations, ...reported]).toEqual([])
  })

  it('calls the server from "Try it out" with the token given under "Authorize"', async () => {
    await page.locator("button.authorize").first().click()
    await page.locator(".modal-ux input").first().fill(adminToken)
    await page.locator(".modal-ux button.authorize").first().click()
    await page.locator(".modal-ux button.btn-done").first().click()
    const operation = page
      .locator(".opblock")
      .filter({ has: page.locator('.opblock-summary-path[data-path="/trpc/access.me"]') })
    await operation.locator(".opblock-summary").first().click()
    await operation.locator("button.try-out__btn").click()
    await operation.locator("button.execute").click()
    const curl = operation.locator(".curl-command .microlight").first()
    await curl.waitFor()
    expect(await curl.textContent()).toContain(`Authorization: Bearer ${adminToken}`)
    const body = operation.locator(".live-responses-table .response-col_description .microlight").first()
    await body.waitFor()
    expect(await body.textContent()).toContain('"tenantId"')
    expect(await body.textContent()).toContain('"access:delete"')
    expect([...requestedOrigins]).toEqual([server.base])
  })

  it('sends a query\'s input as ?input=<URL-encoded JSON> from "Try it out"', async () => {
    const created = await fetch(`${server.base}/trpc/customers.create`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ firstName: "Ada", lastName: "Lovelace" })
    })
    expect(created.status).toBe(200)
    const operation = page
      .locator(".opblock")
      .filter({ has: page.locator('.opblock-summary-path[data-path="/trpc/customers.list"]') })
    await operation.locator(".opblock-summary").first().click()
    await operation.locator("button.try-out__btn").click()
    await operation.locator(".parameters textarea").first().fill('{"search":"lovelace"}')
    await operation.locator("button.execute").click()
    const url = operation.locator(".request-url pre").first()
    await url.waitFor()
    expect(await url.textContent()).toContain(
      `/trpc/customers.list?input=${encodeURIComponent('{"search":"lovelace"}')}`
    )
    const body = operation.locator(".live-responses-table .response-col_description .microlight").first()
    await body.waitFor()
    expect(await body.textContent()).toContain('"lastName": "Lovelace"')
  })
})
