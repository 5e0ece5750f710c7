/**
 * The limits on what one API request may ask (security review, issue 11): a body past `PATRON_MAX_BODY_BYTES` is
 * refused 413 before it is parsed, whether it declares its length or streams it chunked; a tRPC batch past
 * `PATRON_MAX_BATCH_CALLS` is refused 400; every call of a batch counts against the token's rate limit, and a batch
 * the limit cannot cover is refused whole. Nothing of a refused request runs.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as RawHttp from "./RawHttp.ts"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AE.dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA"
const dataDirs = [mkdtempSync(join(tmpdir(), "patron-limits-")), mkdtempSync(join(tmpdir(), "patron-limits-"))]
let server: Started
/** A server allowing 10 requests a minute per token. */
let strict: Started

beforeAll(async () => {
  const env = { PATRON_ADMIN_TOKEN: token, PATRON_SEED: "0" }
  ;[server, strict] = await Promise.all([
    startServer({ ...env, PATRON_DATA_DIR: dataDirs[0] as string }),
    startServer({ ...env, PATRON_DATA_DIR: dataDirs[1] as string, PATRON_RATE_LIMIT_PER_MINUTE: "10" })
  ])
}, 180_000)

afterAll(() => {
  for (const started of [server, strict]) if (started?.process.exitCode === null) started.process.kill("SIGKILL")
  for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true })
})

interface Refusal {
  readonly error?: { readonly message: string; readonly data: { readonly code: string; readonly httpStatus: number } }
}
interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly body: Refusal | ReadonlyArray<Refusal>
}

/** The one error of a refused batch: refused before tRPC read it (one object), or by tRPC call by call (all alike). */
const refusalOf = (answer: Answer): Refusal["error"] => {
  if (!Array.isArray(answer.body)) return (answer.body as Refusal).error
  const errors = answer.body.map((call) => JSON.stringify(call.error))
  expect(new Set(errors).size, "every call of the batch refused alike").toBe(1)
  return answer.body[0]?.error
}

const post = async (on: Started, path: string, body: string): Promise<Answer> => {
  const response = await fetch(`${on.base}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer["body"] }
}

/** A batch of `count` customers.create calls, all with the last name `lastName`. */
const batchOf = (count: number, lastName: string) => ({
  path: `${Array.from({ length: count }, () => "customers.create").join(",")}?batch=1`,
  body: JSON.stringify(
    Object.fromEntries(Array.from({ length: count }, (_, i) => [i, { firstName: `N${i}`, lastName }]))
  )
})

/** How many customers have `lastName` (one request). */
const countNamed = async (on: Started, lastName: string) => {
  const input = encodeURIComponent(JSON.stringify({ search: lastName, limit: 100 }))
  const response = await fetch(`${on.base}/trpc/customers.list?input=${input}`, {
    headers: { authorization: `Bearer ${token}` }
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { result: { data: { items: Array<unknown> } } }).result.data.items.length
}

/** Sends a chunked body of `totalBytes` in 64 KB chunks, stopping when the server answers or hangs up. */
const sendChunked = (on: Started, totalBytes: number) =>
  new Promise<{ status: number | undefined; sentBytes: number; head: string }>((resolve) => {
    const url = new URL(on.base)
    const socket = connect({ host: url.hostname, port: Number(url.port) })
    const chunk = Buffer.alloc(65_536, "a")
    let sentBytes = 0
    let received = ""
    let done = false
    const finish = () => {
      if (done) return
      done = true
      socket.destroy()
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]) || undefined, sentBytes, head: received })
    }
    const pump = () => {
      while (!done && sentBytes < totalBytes) {
        sentBytes += chunk.length
        if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void socket.once("drain", pump)
      }
      if (!done) socket.write("0\r\n\r\n")
    }
    socket.on("connect", () => {
      socket.write(
        `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nAuthorization: Bearer ${token}\r\n` +
          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      )
      pump()
    })
    socket.on("data", (data) => {
      received += data.toString("latin1")
      if (received.includes("\r\n\r\n")) setTimeout(finish, 50)
    })
    socket.on("close", finish)
    socket.on("error", finish)
    setTimeout(finish, 20_000)
  })

describe("the body limit", () => {
  it("refuses a 2 MB JSON body with 413 PAYLOAD_TOO_LARGE naming the limit, and writes nothing", async () => {
    const body = JSON.stringify({ firstName: "Big", lastName: "Toobig", metadata: { note: "x".repeat(2_000_000) } })
    const answer = await post(server, "customers.create", body)
    expect(answer.status).toBe(413)
    expect(refusalOf(answer)?.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413 })
    expect(refusalOf(answer)?.message).toContain("1048576 bytes (PATRON_MAX_BODY_BYTES)")
    expect(await countNamed(server, "Toobig")).toBe(0)
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200)
  })

  it("refuses a body declaring 100 MB as soon as its headers arrive, without reading it", async () => {
    const reply = await RawHttp.send(
      server.base,
      `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nAuthorization: Bearer ${token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"firstName":',
      3_000
    )
    expect(reply.status).toBe(413)
    expect(reply.head.toLowerCase()).toContain("connection: close")
  })

  it("stops reading a chunked 5 MB body once it passes the limit, answers 413 and closes the connection", async () => {
    const sent = await sendChunked(server, 5 * 1_048_576)
    expect(sent.status).toBe(413)
    expect(sent.head).toContain('"PAYLOAD_TOO_LARGE"')
    expect(sent.head.toLowerCase()).toContain("connection: close")
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200)
  })

  it("reads no more of an endless chunked body than the socket buffers hold", async () => {
    // Reading on would take all 256 MB in; the server stops at the limit, so the client is held back long before.
    const sent = await sendChunked(server, 256 * 1_048_576)
    expect(sent.status).toBe(413)
    expect(sent.sentBytes).toBeLessThan(64 * 1_048_576)
  })

  it("takes a body just under the limit", async () => {
    // Padded with JSON whitespace: an undeclared key would be refused as an unknown field.
    const padding = " ".repeat(1_048_576 - 100)
    const body = `{"firstName":"Near",${padding}"lastName":"Limit"}`
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1_048_576)
    expect((await post(server, "customers.create", body)).status).toBe(200)
  })
})

describe("the batch cap", () => {
  it("refuses a batch of 800 calls with 400 BAD_REQUEST naming the cap, before any of them runs", async () => {
    const batch = batchOf(800, "Eighthundred")
    const answer = await post(server, batch.path, batch.body)
    expect(answer.status).toBe(400)
    expect(refusalOf(answer)?.data.code).toBe("BAD_REQUEST")
    expect(refusalOf(answer)?.message).toContain("at most 50 calls (PATRON_MAX_BATCH_CALLS), this one has 800")
    expect(await countNamed(server, "Eighthundred")).toBe(0)
  })

  it("runs a batch of 50 calls", async () => {
    const batch = batchOf(50, "Fifty")
    expect((await post(server, batch.path, batch.body)).status).toBe(200)
    expect(await countNamed(server, "Fifty")).toBe(50)
  })
})

describe("the rate limit on batches", () => {
  it("counts every call of a batch, refusing a batch the token's remaining requests cannot cover, whole", async () => {
    // 10 requests a minute: 11 calls at once are refused and none of them runs.
    const eleven = batchOf(11, "Eleven")
    const refused = await post(strict, eleven.path, eleven.body)
    expect(refused.status).toBe(429)
    expect(refused.body).toHaveLength(11)
    expect(refusalOf(refused)?.data.code).toBe("TOO_MANY_REQUESTS")
    expect(refusalOf(refused)?.message).toContain(
      "a batch of 11 calls is more than this API token's 10 requests a minute"
    )
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0)
    // 5 calls go through; 6 more exceed what is left (5), so that batch is refused whole.
    const five = batchOf(5, "Fivesix")
    expect((await post(strict, five.path, five.body)).status).toBe(200)
    const six = batchOf(6, "Fivesix")
    const second = await post(strict, six.path, six.body)
    expect(second.status).toBe(429)
    expect(refusalOf(second)?.message).toContain("a batch of 6 calls counts as 6")
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(await countNamed(strict, "Eleven")).toBe(0)
    expect(await countNamed(strict, "Fivesix")).toBe(5)
  })
})
