/**
 * The security headers over HTTP (security review, issue 11): `nosniff` and `no-referrer` on every answer,
 * `no-store` on the API's, CORS answers still varying by Origin, and the admin's HTML under a Content Security
 * Policy that allows its own scripts only, its inline style by hash, and framing by `PATRON_FRAME_ANCESTORS`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { inlineStyle, makeAdminDirectory } from "./adminDirectory.ts"
import * as RawHttp from "./RawHttp.ts"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AF.dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA"
const shop = "https://shop.example.com"
const dataDir = mkdtempSync(join(tmpdir(), "patron-headers-"))
const admin = makeAdminDirectory()
let started: Started

beforeAll(async () => {
  started = await startServer({
    PATRON_DATA_DIR: dataDir,
    PATRON_ADMIN_TOKEN: token,
    PATRON_ADMIN_DIR: admin.directory,
    PATRON_SEED: "0",
    PATRON_CORS_ORIGINS: shop,
    PATRON_FRAME_ANCESTORS: shop
  })
}, 180_000)

afterAll(() => {
  if (started.process.exitCode === null) started.process.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
  admin.remove()
})

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${started.base}${path}`, { headers })
const authorized = { authorization: `Bearer ${token}` }

/** The directives of a CSP, by name. */
const directives = (policy: string | null) =>
  Object.fromEntries(
    (policy ?? "")
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0] !== "")
      .map(([name, ...sources]) => [name, sources])
  )

describe("the security headers", () => {
  it("sends nosniff and no-referrer on every answer: health, API, admin, asset, 404 and 400", async () => {
    const answers = [
      await get("/healthz"),
      await get("/readyz"),
      await get("/trpc/access.me", authorized),
      await get("/trpc/access.me"),
      await get("/customers"),
      await get("/assets/app.js"),
      await get("/trpc/no.such.procedure", authorized)
    ]
    for (const response of answers) {
      expect([response.url, response.headers.get("x-content-type-options")]).toEqual([response.url, "nosniff"])
      expect([response.url, response.headers.get("referrer-policy")]).toEqual([response.url, "no-referrer"])
    }
    const malformed = await RawHttp.send(started.base, "GET /%E0 HTTP/1.1\r\nHost: p\r\n\r\n")
    expect(malformed.status).toBe(400)
    expect(malformed.head.toLowerCase()).toContain("x-content-type-options: nosniff")
  })

  it("marks every API answer no-store, the refusals included", async () => {
    for (const response of [
      await get("/trpc/access.me", authorized),
      await get("/trpc/access.me"),
      await get("/trpc/customers.list?input=%7B%7B", authorized)
    ]) {
      expect([response.status, response.headers.get("cache-control")]).toEqual([response.status, "no-store"])
    }
  })

  it("keeps Vary: Origin on the API's CORS answers", async () => {
    const response = await get("/trpc/access.me", { ...authorized, origin: shop })
    expect(response.headers.get("access-control-allow-origin")).toBe(shop)
    expect(response.headers.get("vary")?.split(/,\s*/)).toContain("Origin")
    expect(response.headers.get("cache-control")).toBe("no-store")
  })

  it("serves the admin's HTML under a CSP: own scripts only, inline styles by a fresh nonce, framed by the configured origin", async () => {
    const response = await get("/customers/cus_1")
    const html = await response.text()
    expect(html).toContain("<title>Patron admin</title>")
    const policy = directives(response.headers.get("content-security-policy"))
    const nonce = /'nonce-([^']+)'/.exec(policy["style-src"]?.join(" ") ?? "")?.[1]
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(policy).toMatchObject({
      "default-src": ["'self'"],
      "script-src": ["'self'"],
      "style-src": ["'self'", `'nonce-${nonce}'`],
      "img-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'none'"],
      "frame-ancestors": [shop]
    })
    expect(html).toContain(`<style nonce="${nonce}">${inlineStyle}</style>`)
    expect(html).toContain(`<meta property="csp-nonce" nonce="${nonce}">`)
    expect(html).not.toContain("__PATRON_CSP_NONCE__")
    expect(response.headers.get("content-security-policy")).not.toContain("unsafe-inline")
    const again = directives((await get("/")).headers.get("content-security-policy"))
    expect(again["style-src"]).not.toContain(`'nonce-${nonce}'`)
  })
})
