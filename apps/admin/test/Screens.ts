/**
 * What the screens e2e checks on every screen it visits: nothing wider than the viewport (the document and the
 * admin's own scrolling panes), and no serious or critical accessibility violation found by axe-core, injected into
 * the page from the package's local file.
 */
import { createRequire } from "node:module"
import type { Page } from "playwright-core"

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js")

/** The admin's scrolling panes that must not scroll sideways either (a wide table would hide inside one). */
const panes = [".pa-main", ".pa-detail-panel", ".pa-list-panel", ".pa-dialog"]

/** What is wider than the viewport: the document, or a pane visible on the screen; empty when nothing is. */
export const overflows = (page: Page): Promise<ReadonlyArray<string>> =>
  page.evaluate((selectors) => {
    const found: Array<string> = []
    const root = document.scrollingElement ?? document.documentElement
    if (root.scrollWidth > window.innerWidth) found.push(`document ${root.scrollWidth} > ${window.innerWidth}`)
    for (const selector of selectors)
      for (const element of document.querySelectorAll<HTMLElement>(selector))
        if (element.getClientRects().length > 0 && element.scrollWidth > element.clientWidth + 1) {
          // Name the innermost elements that stick out, so a failure says what to fix.
          const right = element.getBoundingClientRect().left + element.clientWidth
          const culprits = [...element.querySelectorAll<HTMLElement>("*")]
            .filter((child) => child.getBoundingClientRect().right > right + 1)
            .filter((child) => ![...child.children].some((c) => c.getBoundingClientRect().right > right + 1))
            .slice(0, 3)
            .map(
              (child) =>
                `${child.tagName.toLowerCase()}.${[...child.classList].join(".")} "${child.textContent?.slice(0, 30)}"`
            )
          found.push(`${selector} ${element.scrollWidth} > ${element.clientWidth}: ${culprits.join("; ")}`)
        }
    return found
  }, panes)

interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: ReadonlyArray<{ readonly target: ReadonlyArray<unknown> }>
}

/** The serious and critical violations axe-core finds on the page as it is now, one line each. */
export const seriousViolations = async (page: Page): Promise<ReadonlyArray<string>> => {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axeSource })
  const { violations, passed } = await page.evaluate(async () => {
    type Results = { violations: unknown; passes: ReadonlyArray<unknown> }
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<Results> } }).axe
    const results = await axe.run(document)
    return { violations: results.violations as ReadonlyArray<AxeViolation>, passed: results.passes.length }
  })
  if (passed === 0) throw new Error("axe-core checked nothing on the page")
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(" "))
          .join(", ")}`
    )
}

/** The width of the first visible element matching the selector, or 0 when none is visible. */
export const visibleWidth = (page: Page, selector: string): Promise<number> =>
  page.evaluate((s) => {
    for (const element of document.querySelectorAll<HTMLElement>(s))
      if (element.getClientRects().length > 0) return element.getBoundingClientRect().width
    return 0
  }, selector)
