/**
 * Slow and idle connections (security review, issue 11): a client dribbling its headers is dropped once
 * `PATRON_HEADERS_TIMEOUT_MS` has passed, and past `PATRON_MAX_CONNECTIONS` open connections a new one is closed as
 * it arrives, while the server goes on serving once others close. Raw sockets, so no client pool hides a connection.
 */
import { mkdtempSync, rmSync } from "node:fs"
import type { Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as RawHttp from "./RawHttp.ts"
import { type Started, startServer } from "./server.ts"

const dataDir = mkdtempSync(join(tmpdir(), "patron-connections-"))
let started: Started

beforeAll(async () => {
  started = await startServer({
    PATRON_DATA_DIR: dataDir,
    PATRON_SEED: "0",
    PATRON_HEADERS_TIMEOUT_MS: "2000",
    PATRON_REQUEST_TIMEOUT_MS: "4000",
    PATRON_KEEP_ALIVE_TIMEOUT_MS: "20000",
    PATRON_MAX_CONNECTIONS: "5"
  })
}, 180_000)

afterAll(() => {
  if (started.process.exitCode === null) started.process.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

/** A connection that has had one answer and now idles in keep-alive, held open by the server. */
const keptAlive = async (): Promise<Socket> => {
  const socket = await RawHttp.open(started.base)
  await new Promise<void>((resolve) => {
    socket.once("data", () => resolve())
    socket.write("GET /healthz HTTP/1.1\r\nHost: p\r\n\r\n")
  })
  return socket
}

describe("slow and idle connections", () => {
  it("drops a client sending its headers one byte a second once the headers timeout (2 s) has passed", async () => {
    const socket = await RawHttp.open(started.base)
    socket.write("GET /healthz HTTP/1.1\r\nHost: p\r\nX-Slow: ")
    const dribble = setInterval(() => socket.writable && socket.write("a"), 1_000)
    try {
      const heldMillis = await RawHttp.closedWithin(socket, 15_000)
      expect(heldMillis).toBeGreaterThan(1_500)
      expect(heldMillis).toBeLessThan(4_000)
    } finally {
      clearInterval(dribble)
      socket.destroy()
    }
  }, 20_000)

  it("closes the 6th concurrent connection as it arrives, and serves again once others close", async () => {
    const held = await Promise.all(Array.from({ length: 5 }, keptAlive))
    try {
      const sixth = await RawHttp.open(started.base)
      sixth.write("GET /healthz HTTP/1.1\r\nHost: p\r\n\r\n")
      let answered = false
      sixth.on("data", () => (answered = true))
      expect(await RawHttp.closedWithin(sixth, 3_000)).toBeLessThan(1_000)
      expect(answered).toBe(false)
      expect(held.every((socket) => !socket.destroyed)).toBe(true)
      for (const socket of held.splice(0, 2)) socket.destroy()
      let status = 0
      const deadline = Date.now() + 5_000
      while (status !== 200 && Date.now() < deadline) {
        status = await fetch(`${started.base}/healthz`).then(
          (response) => response.status,
          () => 0
        )
      }
      expect(status).toBe(200)
    } finally {
      for (const socket of held) socket.destroy()
    }
  }, 20_000)
})
