import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Cors from "../src/Cors.ts"

describe("Cors.parse", () => {
  it("reads origins, a wildcard, or nothing, and names what is not an origin", () => {
    expect(Cors.parse(undefined)).toEqual({ origins: [], invalid: [] })
    expect(Cors.parse("*")).toEqual({ origins: "*", invalid: [] })
    expect(Cors.parse("https://shop.example.com, http://localhost:5173/")).toEqual({
      origins: ["https://shop.example.com", "http://localhost:5173"],
      invalid: []
    })
    expect(Cors.parse("shop.example.com,https://a.example/path").invalid).toEqual([
      "shop.example.com",
      "https://a.example/path"
    ])
  })
})

describe("Cors.apply", () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (Cors.apply(["https://shop.example.com"], req, res)) return
      res.end("api")
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it("answers an allowed origin's preflight and marks its requests", async () => {
    const preflight = await fetch(`${base}/trpc/customers.list`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example.com", "access-control-request-headers": "authorization" }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://shop.example.com")
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization")
    const call = await fetch(`${base}/trpc/customers.list`, { headers: { origin: "https://shop.example.com" } })
    expect(await call.text()).toBe("api")
    expect(call.headers.get("access-control-allow-origin")).toBe("https://shop.example.com")
    expect(call.headers.get("access-control-allow-credentials")).toBeNull()
  })

  it("refuses another origin's preflight and gives its requests no CORS headers", async () => {
    const preflight = await fetch(`${base}/trpc/customers.list`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example" }
    })
    expect(preflight.status).toBe(403)
    const call = await fetch(`${base}/trpc/customers.list`, { headers: { origin: "https://evil.example" } })
    expect(call.headers.get("access-control-allow-origin")).toBeNull()
  })
})
