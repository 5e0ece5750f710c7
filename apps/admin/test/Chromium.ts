/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), launched as STACK.md prescribes, with a
 * fresh profile directory per launch.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type BrowserContext, chromium, type Page } from "playwright-core"

export const chromiumPath = process.env.PATRON_CHROMIUM ?? "/usr/bin/chromium"

/** Why Chromium cannot be used here, or undefined when it can. */
export const chromiumMissing = (): string | undefined =>
  existsSync(chromiumPath) ? undefined : `no Chromium at ${chromiumPath} (apt-get install -y chromium)`

export interface Browser {
  readonly context: BrowserContext
  readonly close: () => Promise<void>
}

/**
 * Launches headless Chromium with a throw-away profile. `bypassCSP` lets a test inject its own script (axe-core)
 * into pages served under the server's Content Security Policy.
 */
export const launch = async (
  options: { readonly width?: number; readonly height?: number; readonly bypassCSP?: boolean } = {}
): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), "patron-chromium-"))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    bypassCSP: options.bypassCSP ?? false,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
}

/**
 * A browser on a page of the admin at `base`, signed in with `token`: once the Customers link of the screens'
 * navigation shows. Page errors are printed; each wait lasts at most 20 s.
 */
export const signedIn = async (base: string, token: string): Promise<{ browser: Browser; page: Page }> => {
  const browser = await launch()
  browser.context.setDefaultTimeout(20_000)
  const page = await browser.context.newPage()
  page.on("pageerror", (error) => console.error("page error:", error.message))
  await page.goto(base)
  await page.getByLabel("API token").fill(token)
  await page.getByRole("button", { name: "Sign in" }).click()
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Customers" }).waitFor()
  return { browser, page }
}
