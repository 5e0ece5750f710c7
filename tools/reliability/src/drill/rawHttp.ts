/**
 * HTTP below what fetch allows, for the drills: the server tests' raw requests (`send`), plus sockets that dribble
 * their headers or sit idle, with how long the server kept them.
 */
import { open } from "@patron/server/testing/raw-http"

export { type Reply as RawReply, send } from "@patron/server/testing/raw-http"

/** A connection that sends a request's headers one byte every `everyMillis`, resolving when the server drops it. */
export const dribble = async (
  base: string,
  everyMillis: number,
  maxMillis: number
): Promise<{ readonly heldMillis: number }> => {
  const started = performance.now()
  const socket = await open(base)
  const request = `GET /healthz HTTP/1.1\r\nHost: patron\r\nX-Slow: ${"a".repeat(10_000)}`
  let sent = 0
  return new Promise((resolve) => {
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
    if (socket.destroyed) return finish()
    socket.on("close", finish)
    socket.on("error", finish)
  })
}

/** Opens `count` idle connections and reports how many the server accepted and kept open after `settleMillis`. */
export const idle = async (
  base: string,
  count: number,
  settleMillis: number
): Promise<{ readonly open: number; readonly close: () => void }> => {
  const sockets = await Promise.all(Array.from({ length: count }, () => open(base)))
  for (const socket of sockets) socket.resume()
  await new Promise((resolve) => setTimeout(resolve, settleMillis))
  return {
    open: sockets.filter((socket) => !socket.destroyed && socket.readyState === "open").length,
    close: () => {
      for (const socket of sockets) socket.destroy()
    }
  }
}
