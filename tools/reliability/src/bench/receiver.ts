/**
 * A local webhook receiver answering 204 at once, noting when each event (by the id of the resource in its `data`)
 * first arrived and the event time its body carries.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export interface Arrival {
  /** When the request arrived: epoch ms (to compare with another process's clock), and `performance.now()`. */
  readonly at: number
  readonly monotonicAt: number
  /** The body's `timestamp`: when the event happened (epoch ms). */
  readonly occurredAt: number
}

/** Starts a receiver on a free loopback port. */
export const start = async () => {
  const arrivals = new Map<string, Arrival>()
  let requests = 0
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const at = Date.now()
      const monotonicAt = performance.now()
      requests++
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { timestamp: string; data: { id: string } }
      if (!arrivals.has(body.data.id))
        arrivals.set(body.data.id, { at, monotonicAt, occurredAt: Date.parse(body.timestamp) })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

export type Receiver = Awaited<ReturnType<typeof start>>

/** Resolves once `holds()` is true; fails after `timeoutMillis`, or as soon as `broken()` gives a reason. */
export const waitFor = async (
  holds: () => boolean,
  options: { readonly timeoutMillis?: number; readonly broken?: () => string | undefined } = {}
) => {
  const deadline = Date.now() + (options.timeoutMillis ?? 300_000)
  while (!holds()) {
    const reason = options.broken?.()
    if (reason !== undefined) throw new Error(`webhook deliveries stopped: ${reason}`)
    if (Date.now() > deadline) throw new Error("timed out waiting for webhook deliveries")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
