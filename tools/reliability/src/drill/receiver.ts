/**
 * The drills' webhook receiver: verifies every request with the `standardwebhooks` package, records which customer
 * and version each event carries, can answer slowly (so deliveries are in flight when a worker is killed), and can be
 * taken down and brought back on the same port (connection refused meanwhile).
 */
import { createHash } from "node:crypto"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Webhook } from "standardwebhooks"

/** One request the receiver got. */
export interface Received {
  readonly webhookId: string
  readonly type: string
  readonly customerId: string
  readonly version: number | undefined
  /** The drill's marker in the customer's `meta.drill`. */
  readonly marker: string | undefined
  readonly verified: boolean
  readonly bodyHash: string
  readonly at: number
}

export interface Receiver {
  readonly url: string
  readonly received: Array<Received>
  /** The secret requests must verify with (from `webhooks.create`). */
  secret: string
  /** Milliseconds to wait before answering each request. */
  delayMillis: number
  readonly isUp: () => boolean
  /** Requests received and not answered yet. */
  readonly inFlight: () => number
  /** Stops listening and drops open connections: deliveries meet "connection refused". */
  readonly down: () => Promise<void>
  /** Listens again on the same port. */
  readonly up: () => Promise<void>
  readonly close: () => Promise<void>
}

const header = (value: string | Array<string> | undefined) => (Array.isArray(value) ? value[0] : value) ?? ""

const parse = (body: string) => {
  try {
    const json = JSON.parse(body) as { type?: unknown; data?: Record<string, unknown> }
    const data = json.data ?? {}
    const meta = data.meta as Record<string, unknown> | undefined
    return {
      type: String(json.type),
      customerId: String(data.id),
      version: typeof data.version === "number" ? data.version : undefined,
      marker: typeof meta?.drill === "string" ? meta.drill : undefined
    }
  } catch {
    return { type: "unparseable", customerId: "", version: undefined, marker: undefined }
  }
}

/** Starts a receiver on a free port of 127.0.0.1. */
export const start = async (): Promise<Receiver> => {
  const received: Array<Received> = []
  let server: Server | undefined
  let port = 0
  let inFlight = 0
  const receiver: Receiver = {
    get url() {
      return `http://127.0.0.1:${port}/hook`
    },
    received,
    secret: "",
    delayMillis: 0,
    isUp: () => server !== undefined,
    inFlight: () => inFlight,
    down: async () => {
      const current = server
      server = undefined
      if (current === undefined) return
      await new Promise<void>((resolve) => {
        current.close(() => resolve())
        current.closeAllConnections()
      })
    },
    up: async () => {
      if (server !== undefined) return
      const next = createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          inFlight++
          const body = Buffer.concat(chunks).toString("utf8")
          const headers = {
            "webhook-id": header(req.headers["webhook-id"]),
            "webhook-timestamp": header(req.headers["webhook-timestamp"]),
            "webhook-signature": header(req.headers["webhook-signature"])
          }
          let verified = false
          try {
            new Webhook(receiver.secret).verify(body, headers)
            verified = true
          } catch {
            verified = false
          }
          received.push({
            webhookId: headers["webhook-id"],
            ...parse(body),
            verified,
            bodyHash: createHash("sha256").update(body).digest("hex"),
            at: Date.now()
          })
          const answer = () => {
            inFlight--
            res.writeHead(200, { "content-type": "text/plain" })
            res.end("ok")
          }
          if (receiver.delayMillis > 0) setTimeout(answer, receiver.delayMillis)
          else answer()
        })
      })
      await new Promise<void>((resolve, reject) => {
        next.once("error", reject)
        next.listen(port, "127.0.0.1", () => resolve())
      })
      port = (next.address() as AddressInfo).port
      server = next
    },
    close: () => receiver.down()
  }
  await receiver.up()
  return receiver
}
