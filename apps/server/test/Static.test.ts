import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Static from "../src/Static.ts"
import * as RawHttp from "./RawHttp.ts"

const directory = mkdtempSync(join(tmpdir(), "patron-admin-"))
const outside = join(directory, "..", `secret-${Date.now()}.txt`)
let base = ""
const server = createServer((req, res) => Static.serve(directory)?.(req, res))

beforeAll(async () => {
  mkdirSync(join(directory, "assets"))
  writeFileSync(join(directory, "index.html"), "<!doctype html><title>Patron</title>")
  writeFileSync(join(directory, "assets", "app.js"), "console.log('admin')")
  writeFileSync(outside, "not for you")
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => {
  server.close()
  rmSync(directory, { recursive: true, force: true })
  rmSync(outside, { force: true })
})

describe("Static.serve", () => {
  it("serves the built files with their content type, and index.html for app routes", async () => {
    const script = await fetch(`${base}/assets/app.js`)
    expect(script.headers.get("content-type")).toContain("text/javascript")
    expect(script.headers.get("cache-control")).toContain("immutable")
    expect(await (await fetch(`${base}/customers/cus_1?search=ada`)).text()).toContain("<title>Patron</title>")
  })

  it("never serves a file outside its directory", async () => {
    const response = await fetch(`${base}/..%2F${outside.split("/").pop()}`)
    expect(await response.text()).not.toContain("not for you")
  })

  it("answers 400 to a path that does not percent-decode, and goes on serving", async () => {
    for (const path of ["/%E0%A4%A", "/healthz%ff", "/%", "/assets/%00.js"]) {
      const reply = await RawHttp.send(base, `GET ${path} HTTP/1.1\r\nHost: p\r\n\r\n`)
      expect({ path, status: reply.status }).toEqual({ path, status: 400 })
    }
    expect((await fetch(`${base}/`)).status).toBe(200)
  })

  it("puts its HTML under a CSP that no one may frame by default, and its assets under none", async () => {
    const page = await fetch(`${base}/customers`)
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'")
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'")
    expect((await fetch(`${base}/assets/app.js`)).headers.get("content-security-policy")).toBeNull()
  })

  it("is absent when nothing is built", () => {
    expect(Static.serve(join(directory, "missing"))).toBeUndefined()
  })
})
