/**
 * A webhook receiver for the end-to-end tests: a local HTTP server that accepts every delivery with 200 and remembers
 * the event types it was sent.
 */
import { createServer } from "node:http"

export interface Receiver {
  readonly url: string
  readonly received: ReadonlyArray<string>
  readonly close: () => Promise<void>
}

export const startReceiver = async (): Promise<Receiver> => {
  const received: Array<string> = []
  const server = createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += String(chunk)))
    req.on("end", () => {
      try {
        received.push(String((JSON.parse(body) as { type?: unknown }).type))
      } catch {
        received.push("unreadable")
      }
      res.writeHead(200, { "content-type": "text/plain" })
      res.end("received by the e2e receiver")
    })
  })
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/hooks/patron`,
    received,
    close: () => new Promise<void>((done) => server.close(() => done()))
  }
}
