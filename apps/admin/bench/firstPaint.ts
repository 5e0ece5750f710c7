/**
 * How long after navigation the customer list paints its first row, on a database of 100,000 customers: the built
 * admin served by a real Patron server (embedded PGlite), measured in Debian's Chromium.
 *
 * Run: `pnpm --filter @patron/admin bench:first-paint` (flags: `--customers 100000 --runs 5 --keep`). It builds the
 * admin, starts the server once to create the tenant, stops it, bulk-loads the customers into its database, starts
 * it again, and loads `/customers` in fresh tabs (the first with an empty browser cache).
 */
import { rmSync } from "node:fs"
import { join } from "node:path"
import { BulkLoad, layerPGlite, migrate, Tenants } from "@patron/db"
import { generate } from "@patron/db/sample-customers"
import { Effect, Layer, Option } from "effect"
import { chromiumMissing, launch } from "../test/Chromium.ts"
import { adminToken, startPatron } from "../test/PatronServer.ts"

const flag = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}
const customerCount = flag("customers", 100_000)
const runs = flag("runs", 5)
const keep = process.argv.includes("--keep")

const missing = chromiumMissing()
if (missing !== undefined) {
  console.error(`first-paint benchmark: ${missing}`)
  process.exit(1)
}

const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

// 1. A server run creates the database, the tenant and the admin token; then it stops so the database can be loaded.
const first = await startPatron({ env: { PATRON_SEED: "1", PATRON_WORKER: "0" } })
const dataDir = first.dataDir
await first.stop({ keepData: true })

// 2. Bulk-load the customers into the tenant, as the repository stores them.
const loadStarted = performance.now()
await Effect.runPromise(
  Effect.gen(function* () {
    yield* migrate
    const tenant = yield* Tenants.findByName("default")
    if (Option.isNone(tenant)) return yield* Effect.die(new Error("the server did not create the default tenant"))
    yield* BulkLoad.customers(tenant.value, generate(customerCount, { start: "2025-01-01T00:00:00Z" }))
  }).pipe(Effect.provide(Layer.fresh(layerPGlite({ dataDir: join(dataDir, "data") }))))
)
console.log(
  `loaded ${customerCount.toLocaleString("en")} customers in ${Math.round(performance.now() - loadStarted)} ms`
)

// 3. Serve them and measure in Chromium.
const server = await startPatron({ dataDir, env: { PATRON_WORKER: "0" } })
const browser = await launch()
try {
  const apiStarted = performance.now()
  await fetch(`${server.base}/trpc/customers.list?input=${encodeURIComponent(JSON.stringify({ limit: 100 }))}`, {
    headers: { authorization: `Bearer ${adminToken}` }
  })
  const apiMillis = performance.now() - apiStarted
  console.log(`customers.list (first page of 100, over HTTP): ${Math.round(apiMillis)} ms`)

  // The token is in the tab's session before the page loads, as after a sign-in, so the list is what loads. The
  // script is text: functions compiled by tsx carry helpers that do not exist in the page.
  const key = JSON.stringify(`patron-admin:token:${server.base}/trpc`)
  await browser.context.addInitScript(`
    sessionStorage.setItem(${key}, ${JSON.stringify(adminToken)});
    const observer = new MutationObserver(() => {
      if (document.querySelector("[data-testid='customer-list'] a") === null) return;
      observer.disconnect();
      // The row is in the DOM; once the next frame has run, it has been painted.
      requestAnimationFrame(() => setTimeout(() => { window.__patronFirstRowPaint = performance.now() }, 0));
    });
    observer.observe(document, { childList: true, subtree: true });
  `)
  const samples: Array<number> = []
  for (let run = 0; run < runs; run++) {
    const page = await browser.context.newPage()
    await page.goto(`${server.base}/customers`, { waitUntil: "commit" })
    await page
      .waitForFunction(() => "__patronFirstRowPaint" in window, undefined, { timeout: 60_000 })
      .catch(async (error) => {
        await page.screenshot({ path: join(import.meta.dirname, "..", "screenshots", "first-paint-failed.png") })
        throw error
      })
    samples.push(
      await page.evaluate(() => (window as unknown as { __patronFirstRowPaint: number }).__patronFirstRowPaint)
    )
    await page.close()
  }
  // Scrolling: 15 seconds of scrolling down the list, fetching pages as it goes; the DOM keeps only the visible rows.
  const page = await browser.context.newPage()
  await page.goto(`${server.base}/customers`)
  await page.waitForFunction("'__patronFirstRowPaint' in window")
  const scrolled = (await page.evaluate(`(async () => {
    const list = document.querySelector("[data-testid='customer-list']");
    const frames = [];
    let last = performance.now();
    const until = last + 15000;
    while (performance.now() < until) {
      list.scrollTop += 1200;
      await new Promise((done) => requestAnimationFrame(done));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    return {
      loadedRows: Math.round(list.firstElementChild.getBoundingClientRect().height / 60),
      domRows: list.querySelectorAll("li").length,
      p50: frames[Math.floor(frames.length / 2)],
      p99: frames[Math.floor(frames.length * 0.99)]
    };
  })()`)) as { loadedRows: number; domRows: number; p50: number; p99: number }
  await page.close()

  const [cold = 0, ...warm] = samples
  console.log(`first customer-list paint after navigation, ${customerCount.toLocaleString("en")} customers:`)
  console.log(`  empty browser cache: ${Math.round(cold)} ms`)
  if (warm.length > 0) console.log(`  warm cache, median of ${warm.length}: ${Math.round(median(warm))} ms`)
  console.log(
    `scrolling for 15 s: ${scrolled.loadedRows.toLocaleString("en")} rows loaded, ${scrolled.domRows} in the DOM, ` +
      `frame time p50 ${scrolled.p50.toFixed(1)} ms, p99 ${scrolled.p99.toFixed(1)} ms`
  )
} finally {
  await browser.close()
  await server.stop()
  if (keep) console.log(`database kept in ${dataDir}`)
  else rmSync(dataDir, { recursive: true, force: true })
}
