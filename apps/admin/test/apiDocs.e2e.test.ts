/**
 * The API reference page (`GET /docs`) in real Chromium, served by a real Patron server: Swagger UI renders every
 * procedure of the router from `/openapi.json`, loads nothing from another origin, and the browser reports no
 * violation of the page's Content Security Policy. Under CI=true it fails when Chromium cannot start; elsewhere it
 * skips with the reason.
 */
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Browser, chromiumMissing, launch } from "./Chromium.ts"
import { type PatronServer, startPatron } from "./PatronServer.ts"

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
})
