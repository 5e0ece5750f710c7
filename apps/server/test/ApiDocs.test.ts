/**
 * `/openapi.json` and `/docs` on the HTTP host: public, the document the router describes, and a reference page whose
 * every script, style and image is one of the host's own files, served under the page's CSP.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { OpenApi } from "@patron/api"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as ApiDocs from "../src/ApiDocs.ts"
import * as Http from "../src/Http.ts"

const server = createServer(
  Http.handler({
    run: () => Promise.reject(new Error("no procedure runs here")),
    authenticate: async () => null,
    isReady: async () => true,
    log: () => undefined
  })
)
let base = ""

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** The `src` and `href` attributes of an HTML page. */
const referencesOf = (html: string) => [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((match) => match[1] ?? "")

describe("GET /openapi.json", () => {
  it("answers the router's OpenAPI document without a token", async () => {
    const response = await fetch(`${base}/openapi.json`)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/json")
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(document).toEqual(JSON.parse(JSON.stringify(OpenApi.document({ version: ApiDocs.apiVersion }))))
    expect(document.openapi).toBe("3.1.0")
    expect(Object.keys(document.paths)).toContain("/trpc/usage.summary")
  })

  it("refuses other methods", async () => {
    const response = await fetch(`${base}/openapi.json`, { method: "POST", body: "{}" })
    expect(response.status).toBe(405)
  })
})

describe("GET /docs", () => {
  it("answers an HTML page that loads only the host's own files, each of which is served", async () => {
    const response = await fetch(`${base}/docs`)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/html")
    const html = await response.text()
    const references = referencesOf(html)
    expect(references.length).toBeGreaterThanOrEqual(4)
    for (const reference of references) {
      expect(reference).toMatch(/^\/docs\/assets\/[\w.-]+$/)
      const asset = await fetch(`${base}${reference}`)
      expect({ reference, status: asset.status }).toEqual({ reference, status: 200 })
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100)
    }
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/)
  })

  it("puts the page under a CSP with no inline script or style, no eval and no framing", async () => {
    const policy = (await fetch(`${base}/docs`)).headers.get("content-security-policy") ?? ""
    expect(policy).toContain("script-src 'self'")
    expect(policy).not.toContain("unsafe")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain("connect-src 'self'")
  })

  it("answers 404 to a file it does not serve, never a file elsewhere", async () => {
    for (const path of ["/docs/assets/package.json", "/docs/assets/..%2F..%2Fpackage.json", "/docs/other"]) {
      expect({ path, status: (await fetch(`${base}${path}`)).status }).toEqual({ path, status: 404 })
    }
  })
})
