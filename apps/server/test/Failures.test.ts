/**
 * A failure inside a request handler, thrown or rejected, at any stage (the admin fallback, the rate limit, the
 * readiness check, the tRPC adapter): the request is answered 500, one JSON line is logged without secrets, and
 * the server goes on answering.
 */
import { createServer, type Server } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FailureLog, handler } from "../src/Http.ts"
import { admin } from "./principals.ts"

const secret = "pat_01JBZ0000000000000000000AD.c2VjcmV0LW5ldmVyLWluLWEtbG9n"
const failures: Array<FailureLog> = []
let server: Server
let base = ""

beforeAll(async () => {
  server = createServer(
    handler({
      run: () => Promise.reject(new Error("the runner broke")),
      authenticate: async (authorization) => (authorization === undefined ? null : admin),
      isReady: () => {
        throw new Error("readiness check threw")
      },
      rateLimit: (_, count) => {
        if (count === 2) throw new Error("rate limiter threw")
        return { allowed: true }
      },
      log: () => undefined,
      logFailure: (line) => failures.push(line),
      fallback: (req) => {
        if (req.url === "/sync") throw new TypeError("the fallback threw")
        return Promise.reject(new RangeError("the fallback rejected")) as never
      }
    })
  )
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})

afterAll(() => server.close())

const status = async (path: string, init: RequestInit = {}) => (await fetch(`${base}${path}`, init)).status

describe("a failing request handler", () => {
  it("answers 500 when the fallback throws or rejects, logs it, and the server goes on", async () => {
    expect(await status("/sync")).toBe(500)
    expect(await status("/async")).toBe(500)
    expect(await status("/healthz")).toBe(200)
    expect(failures.map((failure) => failure.error.message)).toEqual(["the fallback threw", "the fallback rejected"])
    expect(failures[0]).toMatchObject({ method: "GET", path: "/sync", error: { name: "TypeError" } })
  })

  it("answers /readyz 503 when the readiness check throws instead of rejecting", async () => {
    expect(await status("/readyz")).toBe(503)
  })

  it("answers an API call 500 in tRPC's error shape when a step of its context throws, logging it once, never the token", async () => {
    failures.length = 0
    const response = await fetch(`${base}/trpc/access.me,access.me?batch=1`, {
      headers: { authorization: `Bearer ${secret}` }
    })
    expect(response.status).toBe(500)
    expect(response.headers.get("cache-control")).toBe("no-store")
    // A batch: each of its calls answered with the error, as tRPC's batch client reads it.
    const calls = (await response.json()) as ReadonlyArray<{ error: { message: string; data: { code: string } } }>
    expect(calls.map((call) => [call.error.data.code, call.error.message])).toEqual([
      ["INTERNAL_SERVER_ERROR", "internal error"],
      ["INTERNAL_SERVER_ERROR", "internal error"]
    ])
    expect(failures.map((failure) => failure.error.message)).toEqual(["rate limiter threw"])
    expect(JSON.stringify(failures)).not.toContain(secret)
    expect(await status("/healthz")).toBe(200)
  })

  it("answers 500 when a procedure's runner rejects inside tRPC", async () => {
    const response = await fetch(`${base}/trpc/customers.list?input=%7B%7D`, {
      headers: { authorization: `Bearer ${secret}` }
    })
    expect(response.status).toBe(500)
    expect(await status("/healthz")).toBe(200)
  })
})
