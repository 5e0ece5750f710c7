/**
 * HTTP below what fetch allows: bytes written to a socket as an attacker would send them (malformed targets, odd
 * methods, broken framing), and sockets that dribble or idle, with what the server answered or that it hung up.
 */
import { connect, type Socket } from "node:net"

/** What became of one raw request: the status line's code, or how the connection ended without one. */
export interface RawReply {
  /** The HTTP status, or undefined when the server closed (or timed out) without a status line. */
  readonly status: number | undefined
  /** "closed" (the server hung up), "timeout" (it kept the socket open without answering) or "error: …". */
  readonly ending: string
  readonly head: string
}

const endpoint = (base: string) => {
  const url = new URL(base)
  return { host: url.hostname, port: Number(url.port) }
}

/** Writes `bytes` to a new connection and reads until the server closes it, answers in full, or `millis` pass. */
export const send = (base: string, bytes: string | Buffer, millis = 5_000): Promise<RawReply> =>
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
      resolve({ status: match === null ? undefined : Number(match[1]), ending, head: received.slice(0, 400) })
    }
    const timer = setTimeout(() => finish("timeout"), millis)
    socket.on("connect", () => socket.write(bytes))
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1")
      // One answer is enough: a status line with a complete header block.
      if (/^HTTP\/1\.[01] \d{3}/.test(received) && received.includes("\r\n\r\n")) finish("answered")
    })
    socket.on("close", () => finish("closed"))
    socket.on("error", (error) => finish(`error: ${error.message}`))
  })

/** A connection that sends a request's headers one byte every `everyMillis`, resolving when the server drops it. */
export const dribble = (
  base: string,
  everyMillis: number,
  maxMillis: number
): Promise<{ readonly heldMillis: number }> =>
  new Promise((resolve) => {
    const started = performance.now()
    const socket: Socket = connect(endpoint(base))
    const request = `GET /healthz HTTP/1.1\r\nHost: patron\r\nX-Slow: ${"a".repeat(10_000)}`
    let sent = 0
    const tick = setInterval(() => {
      if (sent < request.length && socket.writable) socket.write(request[sent++] as string)
    }, everyMillis)
    const finish = () => {
      clearInterval(tick)
      clearTimeout(limit)
      socket.destroy()
      resolve({ heldMillis: performance.now() - started })
    }
    const limit = setTimeout(finish, maxMillis)
    socket.on("close", finish)
    socket.on("error", finish)
  })

/** Opens `count` idle connections and reports how many the server accepted and kept open after `settleMillis`. */
export const idle = async (
  base: string,
  count: number,
  settleMillis: number
): Promise<{ readonly open: number; readonly close: () => void }> => {
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve) => {
          const socket = connect(endpoint(base))
          socket.on("connect", () => resolve(socket))
          socket.on("error", () => resolve(socket))
        })
    )
  )
  await new Promise((resolve) => setTimeout(resolve, settleMillis))
  return {
    open: sockets.filter((socket) => !socket.destroyed && socket.readyState === "open").length,
    close: () => {
      for (const socket of sockets) socket.destroy()
    }
  }
}
