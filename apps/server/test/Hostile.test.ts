/**
 * What a request can do to the server process before any procedure runs (security review, issue 11): malformed
 * targets, odd methods, broken headers and framing, sent over raw sockets to a server that also serves a built admin.
 * A malformed target is answered 400; nothing answers 5xx; the process never exits and `/readyz` stays 200.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAdminDirectory } from "./adminDirectory.ts"
import * as RawHttp from "./RawHttp.ts"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AC.dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA"
const auth = `Authorization: Bearer ${token}\r\n`
const dataDir = mkdtempSync(join(tmpdir(), "patron-hostile-"))
const admin = makeAdminDirectory()
let started: Started

beforeAll(async () => {
  started = await startServer({
    PATRON_DATA_DIR: dataDir,
    PATRON_ADMIN_TOKEN: token,
    PATRON_ADMIN_DIR: admin.directory,
    PATRON_SEED: "0",
    // A body shorter than its Content-Length waits for the rest until the request timeout: keep it short here.
    PATRON_HEADERS_TIMEOUT_MS: "2000",
    PATRON_REQUEST_TIMEOUT_MS: "3000"
  })
}, 180_000)

afterAll(() => {
  if (started.process.exitCode === null) started.process.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
  admin.remove()
})

const isUp = () => started.process.exitCode === null && started.process.signalCode === null
const readyz = () =>
  fetch(`${started.base}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => response.status,
    () => 0
  )
const get = (target: string, headers = "") => `GET ${target} HTTP/1.1\r\nHost: p\r\n${headers}\r\n`

/** Targets that do not percent-decode to UTF-8 text, hold a NUL, or name an impossible port. */
const malformedTargets: ReadonlyArray<string> = [
  "/%E0%A4%A",
  "/healthz%ff",
  "/%",
  "/%00",
  "/assets/%ff.js",
  "/customers/%E0",
  "/trpc/customers.list%E0?input=%7B",
  "/trpc/%ED%A0%80",
  "http://evil.example:99999/healthz",
  "http://x:99999/"
]

/** Requests no well-behaved client sends, each answered with a 4xx (or a hang-up), never a 5xx. */
const corpus: ReadonlyArray<readonly [string, string]> = [
  ["a malformed ?input", get("/trpc/customers.list?input=%E0%A4%A", auth)],
  ["an input that is not JSON", get("/trpc/customers.list?input=%7B%7B%7B", auth)],
  ["an asterisk target", "OPTIONS * HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["a dot-dot escape", get("/../../../../etc/passwd")],
  ["an encoded dot-dot escape", get("/%2e%2e/%2e%2e/etc/passwd")],
  ["a 64 KB path", get(`/${"a".repeat(65_536)}`)],
  ["a 64 KB API path", get(`/trpc/${"a,".repeat(32_768)}?batch=1`, auth)],
  ["an unknown method", "FOO /healthz HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["an unknown method on the API", `FOO /trpc/customers.list HTTP/1.1\r\nHost: p\r\n${auth}\r\n`],
  ["CONNECT", "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n"],
  ["DELETE on the API", `DELETE /trpc/customers.list HTTP/1.1\r\nHost: p\r\n${auth}\r\n`],
  ["POST to the admin", "POST /customers HTTP/1.1\r\nHost: p\r\nContent-Length: 2\r\n\r\n{}"],
  ["a bad Authorization header", get("/trpc/access.me", "Authorization: Bearer \u00ff\u00fe\r\n")],
  ["an Authorization header without a scheme", get("/trpc/access.me", "Authorization: \r\n")],
  ["a huge Authorization header", get("/trpc/access.me", `Authorization: Bearer ${"x".repeat(20_000)}\r\n`)],
  ["two Authorization headers", get("/trpc/access.me", `${auth}Authorization: Bearer nope\r\n`)],
  ["two Host headers", "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"],
  ["a Host header that is not a host", get("/trpc/access.me", `${auth}Host: [::zz]:x\r\n`)],
  ["headers past 16 KB", get("/healthz", "X-A: b\r\n".repeat(4_000))],
  ["an invalid Content-Length", "POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nContent-Length: abc\r\n\r\n{}"],
  ["a negative Content-Length", "POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nContent-Length: -5\r\n\r\n{}"],
  [
    "two different Content-Lengths",
    "POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"
  ],
  [
    "Content-Length and chunked together",
    "POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
  ],
  [
    "chunked garbage",
    `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\n${auth}Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`
  ],
  [
    "a body shorter than its Content-Length",
    `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"firstName":`
  ],
  [
    "a body that is not UTF-8",
    `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\n${auth}Content-Type: application/json\r\nContent-Length: 4\r\n\r\n\u00ff\u00fe\u00fd\u00fc`
  ],
  ["HTTP/0.9", "GET /healthz\r\n\r\n"],
  ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"],
  ["bare newlines", "\r\n\r\n\r\n"],
  ["binary noise", "\u0000\u0001\u0002\u0003\u00ff\u00fe GET / HTTP/1.1\r\n\r\n"]
]

describe("the server under hostile requests", () => {
  it("answers 400 to a malformed target, on every route, and keeps running", async () => {
    for (const target of malformedTargets) {
      const reply = await RawHttp.send(started.base, get(target))
      expect({ target, status: reply.status }).toEqual({ target, status: 400 })
    }
    expect(isUp()).toBe(true)
    expect(await readyz()).toBe(200)
    expect(started.output()).not.toContain("URIError")
  })

  it("routes `//` and absolute-form targets instead of failing on them", async () => {
    expect((await RawHttp.send(started.base, get("//"))).status).toBe(200)
    const absolute = await RawHttp.send(started.base, get("http://patron.example/healthz"))
    expect(absolute.head).toContain('{"status":"ok"}')
  })

  it("answers every malformed method, header and framing with a 4xx or a hang-up, and stays ready", async () => {
    const answers: Array<string> = []
    for (const [name, bytes] of corpus) {
      const reply = await RawHttp.send(started.base, bytes, 8_000)
      const acceptable = reply.status === undefined ? reply.ending !== "timeout" : reply.status < 500
      answers.push(`${name}: ${reply.status ?? reply.ending}`)
      expect({ name, acceptable, up: isUp(), ready: await readyz() }).toEqual({
        name,
        acceptable: true,
        up: true,
        ready: 200
      })
    }
    expect(answers).toContain("an unknown method: 400")
    expect(answers).toContain("a body shorter than its Content-Length: 408")
  }, 180_000)
})
