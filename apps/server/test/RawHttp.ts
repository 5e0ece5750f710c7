/**
 * HTTP below what fetch allows, for tests: bytes written to a socket as an attacker would send them (malformed
 * targets, odd methods, broken framing), with the status the server answered or how it hung up.
 */
import { connect, type Socket } from "node:net"

/** What became of one raw request: the status line's code, or how the connection ended without one. */
export interface Reply {
  /** The HTTP status, or undefined when the server closed (or kept silent) without a status line. */
  readonly status: number | undefined
  /** "answered", "closed" (hung up), "timeout" (kept the socket open without answering) or "error: …". */
  readonly ending: string
  /** The answer's head (status line and headers) and the start of its body. */
  readonly head: string
}

const endpoint = (base: string) => {
  const url = new URL(base)
  return { host: url.hostname, port: Number(url.port) }
}

/** Writes `bytes` to a new connection and reads until the server answers, closes it, or `millis` pass. */
export const send = (base: string, bytes: string | Buffer, millis = 5_000): Promise<Reply> =>
  new Promise((resolve) => {
    const socket = connect(endpoint(base))
    let received = ""
    let settled = false
    const finish = (ending: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received)
      resolve({ status: match === null ? undefined : Number(match[1]), ending, head: received.slice(0, 2_000) })
    }
    const timer = setTimeout(() => finish("timeout"), millis)
    socket.on("connect", () => socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes))
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1")
      const head = received.indexOf("\r\n\r\n")
      if (!/^HTTP\/1\.[01] \d{3}/.test(received) || head < 0) return
      // Wait for the body too when its length is given, so tests can read it.
      const length = /\r\ncontent-length: (\d+)/i.exec(received.slice(0, head))
      if (length === null || received.length >= head + 4 + Number(length[1])) finish("answered")
    })
    socket.on("close", () => finish("closed"))
    socket.on("error", (error) => finish(`error: ${error.message}`))
  })

/** Opens a connection and resolves once it is connected (or failed). */
export const open = (base: string): Promise<Socket> =>
  new Promise((resolve) => {
    const socket = connect(endpoint(base))
    socket.on("connect", () => resolve(socket))
    socket.on("error", () => resolve(socket))
  })

/** Resolves with the milliseconds until the server closes `socket`, or `maxMillis` when it does not. */
export const closedWithin = (socket: Socket, maxMillis: number): Promise<number> =>
  new Promise((resolve) => {
    const started = performance.now()
    const done = () => {
      clearTimeout(timer)
      resolve(performance.now() - started)
    }
    const timer = setTimeout(done, maxMillis)
    if (socket.destroyed) return done()
    socket.on("close", done)
    socket.on("end", done)
    socket.on("error", done)
    socket.resume()
  })
