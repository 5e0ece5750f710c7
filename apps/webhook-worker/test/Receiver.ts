/**
 * A real local webhook receiver for the tests: an HTTP server that verifies every request it gets with the
 * `standardwebhooks` package and with a second verification written from the spec alone, records it, and answers as
 * a test scripts it (by default 200).
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"
import type { WebhookSecret } from "@patron/domain"
import { Webhook as StandardWebhook } from "standardwebhooks"

/** A verification written from the Standard Webhooks spec alone, independent of the standardwebhooks package. */
export const verifiesIndependently = (
  headers: Readonly<Record<string, string | undefined>>,
  payload: string,
  key: WebhookSecret.Secret
) => {
  const expected = createHmac("sha256", Buffer.from(key.slice("whsec_".length), "base64"))
    .update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${payload}`)
    .digest()
  return (headers["webhook-signature"] ?? "").split(" ").some((entry) => {
    const [version, signature] = entry.split(",")
    const given = Buffer.from(signature ?? "", "base64")
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected)
  })
}

export interface Received {
  readonly path: string
  readonly at: number
  readonly headers: IncomingHttpHeaders
  readonly id: string
  readonly body: string
  readonly json: { readonly type: string; readonly timestamp: string; readonly data: Record<string, unknown> }
  /** Whether both verifications passed with every secret the test named for the path. */
  readonly verified: boolean
}

/** How the receiver answers one request. */
export interface Answer {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  /** Waits this long before answering. */
  readonly delayMillis?: number
}

export interface Receiver {
  readonly url: (path: string) => string
  readonly received: Array<Received>
  readonly at: (path: string) => ReadonlyArray<Received>
  /** The secrets a path's requests must verify with (each must verify, as during a rotation). */
  readonly expectSecrets: (path: string, secrets: ReadonlyArray<WebhookSecret.Secret>) => void
  /** Answers a path's next requests in order, then 200. */
  readonly script: (path: string, answers: ReadonlyArray<Answer>) => void
  readonly close: () => Promise<void>
}

const single = (value: string | Array<string> | undefined) => (Array.isArray(value) ? value[0] : value)

export const start = async (): Promise<Receiver> => {
  const received: Array<Received> = []
  const secrets = new Map<string, ReadonlyArray<WebhookSecret.Secret>>()
  const scripts = new Map<string, Array<Answer>>()
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const path = req.url ?? "/"
      const body = Buffer.concat(chunks).toString("utf8")
      const headers = {
        "webhook-id": single(req.headers["webhook-id"]),
        "webhook-timestamp": single(req.headers["webhook-timestamp"]),
        "webhook-signature": single(req.headers["webhook-signature"])
      }
      const keys = secrets.get(path) ?? []
      const verified =
        keys.length > 0 &&
        keys.every((key) => {
          try {
            new StandardWebhook(key).verify(body, headers as Record<string, string>)
          } catch {
            return false
          }
          return verifiesIndependently(headers, body, key)
        })
      received.push({
        path,
        at: Date.now(),
        headers: req.headers,
        id: headers["webhook-id"] ?? "",
        body,
        json: JSON.parse(body),
        verified
      })
      const answer = scripts.get(path)?.shift() ?? { status: 200 }
      const reply = () => {
        res.writeHead(answer.status, answer.headers)
        res.end(answer.body ?? "")
      }
      if (answer.delayMillis === undefined) reply()
      else setTimeout(reply, answer.delayMillis)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path) => received.filter((request) => request.path === path),
    expectSecrets: (path, keys) => secrets.set(path, keys),
    script: (path, answers) => scripts.set(path, [...answers]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Polls `check` until it holds, failing after `timeoutMillis` with what it last saw. */
export const eventually = async <A>(
  read: () => A | Promise<A>,
  holds: (value: A) => boolean,
  timeoutMillis = 20_000
): Promise<A> => {
  const deadline = Date.now() + timeoutMillis
  for (;;) {
    const value = await read()
    if (holds(value)) return value
    if (Date.now() > deadline)
      throw new Error(`still not as expected after ${timeoutMillis} ms: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
