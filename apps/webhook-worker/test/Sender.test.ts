/**
 * The sender's safety on its own: private destinations refused without a connection, by literal address and after
 * DNS resolution, unless private delivery is allowed; the error it records names no internal name or address, its
 * detail (for the worker's log) does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as NoAnswer from "../src/NoAnswer.ts"
import * as Sender from "../src/Sender.ts"
import * as Receiver from "./Receiver.ts"

const headers = { "content-type": "application/json" }

describe("Sender", () => {
  let receiver: Receiver.Receiver
  const strict = Sender.make({ allowPrivate: false, timeoutMillis: 2_000, connectionsPerOrigin: 2 })
  const lenient = Sender.make({ allowPrivate: true, timeoutMillis: 2_000, connectionsPerOrigin: 2 })
  beforeAll(async () => {
    receiver = await Receiver.start()
  })
  afterAll(async () => {
    await Promise.all([strict.close(), lenient.close(), receiver.close()])
  })

  const refused: ReadonlyArray<readonly [string, string]> = [
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
    ["http://10.0.0.1/hook", "10.0.0.1"],
    ["http://[::1]/hook", "::1"],
    ["http://[::ffff:127.0.0.1]/hook", "::ffff:7f00:1"],
    ["http://192.168.1.10:8080/hook", "192.168.1.10"]
  ]
  for (const [url, address] of refused) {
    it(`refuses ${url} without connecting`, async () => {
      const sent = await strict.send(url, headers, "{}")
      expect(sent.status).toBeUndefined()
      expect(sent.durationMs).toBe(0)
      expect(sent.error).toBe(NoAnswer.refusedPrivate)
      expect(sent.errorDetail).toBe(`refused: ${address} is a private, loopback, link-local or metadata address`)
    })
  }

  it("refuses a name that resolves to a private address, after resolving it, without saying where it resolves", async () => {
    const url = receiver.url("/by-name").replace("127.0.0.1", "localhost")
    const sent = await strict.send(url, headers, "{}")
    expect(sent.error).toBe(NoAnswer.refusedPrivate)
    expect(sent.error).not.toMatch(/localhost|127\.0\.0\.1|::1/)
    expect(sent.errorDetail).toMatch(/refused: localhost resolves to (127\.0\.0\.1|::1), a private/)
    expect(receiver.at("/by-name")).toHaveLength(0)
  })

  it("says only that a host was not found, not the resolver's message", async () => {
    const sent = await strict.send("http://patron-no-such-host.invalid/hook", headers, "{}")
    expect(sent.error).toBe("host not found")
    expect(sent.errorDetail).toMatch(/ENOTFOUND|EAI_AGAIN/)
  })

  it("sends to a private address when allowed, and reports a connection refused without its address", async () => {
    const sent = await lenient.send(receiver.url("/allowed"), headers, "{}")
    expect(sent.status).toBe(200)
    expect(receiver.at("/allowed")).toHaveLength(1)
    const closed = await lenient.send("http://127.0.0.1:1/", headers, "{}")
    expect(closed.error).toBe("connection refused")
    expect(closed.errorDetail).toMatch(/ECONNREFUSED 127\.0\.0\.1:1/)
  })
})
