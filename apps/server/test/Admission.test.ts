/**
 * Admission (`PATRON_MAX_CONCURRENT_REQUESTS`, issue 12): the HTTP host keeps at most so many API requests in work,
 * and the rest wait in arrival order before any of their work starts (authentication is their first step); one that
 * waits its whole request timeout is answered 503 with `Retry-After`.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { Principal } from "@patron/api"
import { afterEach, describe, expect, it } from "vitest"
import * as Admission from "../src/Admission.ts"
import { handler } from "../src/Http.ts"
import { admin } from "./principals.ts"

let server: Server | undefined
afterEach(() => void server?.close())

/** A host whose every call is slow: its authentication waits until the test lets it through. */
const slowHost = async (limits: { maxConcurrentRequests: number; requestTimeoutMs?: number }) => {
  const started: Array<() => void> = []
  server = createServer(
    handler({
      run: () => Promise.reject(new Error("not used")),
      authenticate: () => new Promise<Principal>((resolve) => started.push(() => resolve(admin))),
      isReady: async () => true,
      log: () => undefined,
      limits
    })
  )
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { started, call: () => fetch(`${base}/trpc/access.me`) }
}

const until = async (condition: () => boolean) => {
  const deadline = Date.now() + 5_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe("admission of API requests", () => {
  it("keeps the third of three concurrent slow calls waiting while two are in work, then lets it in", async () => {
    const host = await slowHost({ maxConcurrentRequests: 2 })
    const answers = [host.call(), host.call(), host.call()]
    await until(() => host.started.length === 2)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(host.started.length, "the third call has not started").toBe(2)
    host.started[0]?.()
    await until(() => host.started.length === 3)
    for (const start of host.started.slice(1)) start()
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual([200, 200, 200])
  })

  it("starts every call at once when the bound is 0", async () => {
    const host = await slowHost({ maxConcurrentRequests: 0 })
    const answers = Array.from({ length: 5 }, () => host.call())
    await until(() => host.started.length === 5)
    for (const start of host.started) start()
    expect((await Promise.all(answers)).every((answer) => answer.status === 200)).toBe(true)
  })

  it("answers 503 with Retry-After to a call that waited its whole request timeout", async () => {
    const host = await slowHost({ maxConcurrentRequests: 1, requestTimeoutMs: 200 })
    const first = host.call()
    await until(() => host.started.length === 1)
    const refused = await host.call()
    expect(refused.status).toBe(503)
    expect(refused.headers.get("retry-after")).toBe("1")
    const body = (await refused.json()) as { error: { message: string; data: { code: string } } }
    expect(body.error.data.code).toBe("SERVICE_UNAVAILABLE")
    expect(body.error.message).toContain("PATRON_REQUEST_TIMEOUT_MS")
    host.started[0]?.()
    expect((await first).status).toBe(200)
    expect(host.started.length, "the refused call never started").toBe(1)
  })
})

describe("Admission", () => {
  it("admits in arrival order, refuses past the queue, and gives up the place of a caller gone away", async () => {
    const admission = Admission.make({ limit: 1, maxWaiting: 2, maxWaitMs: 10_000 })
    const first = await admission.enter()
    let giveUp: () => void = () => undefined
    const order: Array<string> = []
    const settled = (name: string) => (entry: Admission.Entry) => {
      order.push(name)
      return entry
    }
    const second = admission.enter((leave) => (giveUp = leave)).then(settled("second"))
    const third = admission.enter().then(settled("third"))
    expect(await admission.enter()).toEqual({ _tag: "Refused", reason: "queue full" })
    giveUp()
    expect(await second).toEqual({ _tag: "Refused", reason: "abandoned" })
    expect(admission.waiting()).toBe(1)
    if (first._tag === "Admitted") first.release()
    const admitted = await third
    expect(admitted._tag).toBe("Admitted")
    expect(order).toEqual(["second", "third"])
    expect(admission.inWork()).toBe(1)
    if (admitted._tag === "Admitted") admitted.release()
    expect(admission.inWork()).toBe(0)
  })
})
