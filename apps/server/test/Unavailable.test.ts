/**
 * While the database is unreachable a token cannot be checked: the API answers 503 SERVICE_UNAVAILABLE (retryable),
 * never 401, which would tell the client its token is bad.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AuthenticationUnavailable } from "../src/Authentication.ts"
import { handler } from "../src/Http.ts"

describe("the API while the database is unreachable", () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer(
      handler({
        run: () => Promise.reject(new Error("not reached")),
        authenticate: () => Promise.reject(new AuthenticationUnavailable()),
        isReady: () => Promise.resolve(false),
        log: () => undefined
      })
    )
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it("answers 503 SERVICE_UNAVAILABLE with Retry-After when a token cannot be checked", async () => {
    const response = await fetch(`${base}/trpc/customers.list`, { headers: { authorization: "Bearer pat_x.y" } })
    expect(response.status).toBe(503)
    expect(response.headers.get("retry-after")).toBe("1")
    const body = (await response.json()) as { error: { data: { code: string; path: string } } }
    expect(body.error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", path: "customers.list" })
    expect((await fetch(`${base}/readyz`)).status).toBe(503)
  })
})
