/**
 * The hostile-HTTP drill: what a request can do to the process before any procedure runs. A corpus of malformed
 * targets, methods, headers and framings over raw sockets; bodies past the limit; batches past the cap and past the
 * rate limit; slow and idle connections; the security headers. The server must answer every malformed request with
 * a 4xx (or hang up), never exit, never write, and keep answering `/readyz`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Client as Harness, Processes } from "../harness/index.ts"
import * as Fingerprint from "./fingerprint.ts"
import * as RawHttp from "./rawHttp.ts"
import { Findings, type Result } from "./report.ts"
import { isServerUp, type World, within } from "./world.ts"

const auth = `Authorization: Bearer ${Harness.adminToken}\r\n`

/** Requests no well-behaved client sends, each with what the server may answer (a 4xx or hanging up). */
const corpus: ReadonlyArray<readonly [string, string]> = [
  ["a truncated percent-encoding", "GET /%E0%A4%A HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["an invalid UTF-8 escape after /healthz", "GET /healthz%ff HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["a lone %", "GET /% HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["an encoded NUL", "GET /%00 HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["a malformed escape under /trpc", `GET /trpc/customers.list%E0?input=%7B HTTP/1.1\r\nHost: p\r\n${auth}\r\n`],
  ["a malformed ?input", `GET /trpc/customers.list?input=%E0%A4%A HTTP/1.1\r\nHost: p\r\n${auth}\r\n`],
  ["an input that is not JSON", `GET /trpc/customers.list?input=%7B%7B%7B HTTP/1.1\r\nHost: p\r\n${auth}\r\n`],
  ["two slashes", "GET // HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["an absolute-form target", "GET http://evil.example:99999/healthz HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["an asterisk target", "OPTIONS * HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["a dot-dot escape", "GET /../../../../etc/passwd HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["an encoded dot-dot escape", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["a 64 KB path", `GET /${"a".repeat(65_536)} HTTP/1.1\r\nHost: p\r\n\r\n`],
  ["an unknown method", "FOO /healthz HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["CONNECT", "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: p\r\n\r\n"],
  ["DELETE on the API", `DELETE /trpc/customers.list HTTP/1.1\r\nHost: p\r\n${auth}\r\n`],
  [
    "a bad Authorization header",
    "GET /trpc/access.me HTTP/1.1\r\nHost: p\r\nAuthorization: Bearer \u00ff\u00fe\r\n\r\n"
  ],
  [
    "a huge Authorization header",
    `GET /trpc/access.me HTTP/1.1\r\nHost: p\r\nAuthorization: Bearer ${"x".repeat(20_000)}\r\n\r\n`
  ],
  ["two Authorization headers", `GET /trpc/access.me HTTP/1.1\r\nHost: p\r\n${auth}Authorization: Bearer nope\r\n\r\n`],
  ["headers past 16 KB", `GET /healthz HTTP/1.1\r\nHost: p\r\n${"X-A: b\r\n".repeat(4_000)}\r\n`],
  ["an invalid Content-Length", "POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nContent-Length: abc\r\n\r\n{}"],
  ["a negative Content-Length", "POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nContent-Length: -5\r\n\r\n{}"],
  [
    "Content-Length and chunked together",
    "POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
  ],
  [
    "chunked garbage",
    `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\n${auth}Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`
  ],
  [
    "a body that is not UTF-8",
    `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\n${auth}Content-Type: application/json\r\nContent-Length: 4\r\n\r\n\u00ff\u00fe\u00fd\u00fc`
  ],
  ["HTTP/0.9", "GET /healthz\r\n\r\n"],
  ["HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"],
  ["binary noise", "\u0000\u0001\u0002\u0003\u00ff\u00fe GET / HTTP/1.1\r\n\r\n"]
]

const readyz = async (base: string) =>
  fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => response.status === 200,
    () => false
  )

/** Whether `check` holds within `millis`, asking every 100 ms. */
const eventually = async (check: () => Promise<boolean>, millis: number) => {
  const deadline = performance.now() + millis
  while (!(await check())) {
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return true
}

const post = (base: string, path: string, body: string, token = Harness.adminToken) =>
  fetch(`${base}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
    signal: AbortSignal.timeout(30_000)
  }).then(
    async (response) => ({ status: response.status, headers: response.headers, text: await response.text() }),
    (error: unknown) => ({ status: 0, headers: new Headers(), text: String(error) })
  )

/** A batch of `count` customers.create calls in tRPC's batch form. */
const batchOf = (count: number) => {
  const paths = Array.from({ length: count }, () => "customers.create").join(",")
  const inputs = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [String(i), { firstName: "Batch", lastName: `No${i}` }])
  )
  return { path: `${paths}?batch=1`, body: JSON.stringify(inputs) }
}

/** Fires the corpus, checking the process and `/readyz` after each request. */
const fireCorpus = async (world: World, findings: Findings) => {
  const rows: Array<Array<string | number>> = []
  for (const [name, bytes] of corpus) {
    const reply = await RawHttp.send(world.server.base, bytes)
    const up = isServerUp(world) && (await readyz(world.server.base))
    const acceptable = reply.status === undefined ? reply.ending !== "timeout" : reply.status < 500
    findings.expect(up, `${name}: the server stopped answering /readyz afterwards (${reply.ending})`)
    findings.expect(acceptable, `${name}: answered ${reply.status ?? reply.ending}, expected a 4xx or a hang-up`)
    rows.push([name, reply.status ?? reply.ending, up ? "up" : "DOWN"])
    if (!isServerUp(world)) break
  }
  return rows
}

/** The limits on bodies and batches, each refused before anything is written. */
const limits = async (world: World, findings: Findings, reader: Fingerprint.Reader) => {
  const before = await reader.take()
  const large = JSON.stringify({ firstName: "Big", lastName: "Body", meta: { note: "x".repeat(2_000_000) } })
  const body = await post(world.server.base, "customers.create", large)
  findings.expect(body.status === 413, `a 2 MB body was answered ${body.status}, not 413`)
  const batch = batchOf(800)
  const batched = await post(world.server.base, batch.path, batch.body)
  findings.expect(batched.status === 400, `a batch of 800 calls was answered ${batched.status}, not 400`)
  const changed = Fingerprint.changes(before, await reader.take())
  findings.expect(changed.length === 0, `refused bodies and batches wrote to ${changed.join(", ")}`)
  const api = await post(world.server.base, "customers.create", JSON.stringify({ firstName: "A", lastName: "B" }))
  for (const [header, value] of [
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "no-referrer"],
    ["cache-control", "no-store"]
  ] as const) {
    findings.expect(api.headers.get(header) === value, `/trpc answered ${header}: ${api.headers.get(header)}`)
  }
  return [
    ["2 MB body", body.status],
    ["batch of 800", batched.status],
    ["written by refused calls", changed.length === 0 ? "nothing" : changed.join(", ")]
  ] as const
}

/** A request that never finishes its body: answered (408) or dropped once the request timeout passes. */
const shortBody = `POST /trpc/customers.create HTTP/1.1\r\nHost: p\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"firstName":`

/** A second server on the same database with a small rate limit and short timeouts. */
const strictServer = async (world: World) => {
  const dataDir = mkdtempSync(join(tmpdir(), "patron-drill-http-"))
  const server = await Processes.server({
    DATABASE_URL: world.databaseUrl as string,
    PATRON_ADMIN_TOKEN: Harness.adminToken,
    PATRON_SEED: "0",
    PATRON_WORKER: "0",
    PATRON_DATA_DIR: dataDir,
    PATRON_RATE_LIMIT_PER_MINUTE: "10",
    PATRON_HEADERS_TIMEOUT_MS: "2000",
    PATRON_REQUEST_TIMEOUT_MS: "4000",
    PATRON_MAX_CONNECTIONS: "20"
  })
  return {
    server,
    close: async () => {
      await Processes.stop(server.process)
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** The rate limit counts every call of a batch; slow and idle sockets are bounded. */
const budgets = async (world: World, findings: Findings, reader: Fingerprint.Reader) => {
  const strict = await strictServer(world)
  try {
    const before = await reader.take()
    const eleven = batchOf(11)
    const over = await post(strict.server.base, eleven.path, eleven.body)
    findings.expect(over.status === 429, `a batch of 11 under a limit of 10/minute was answered ${over.status}`)
    const changed = Fingerprint.changes(before, await reader.take())
    findings.expect(changed.length === 0, `a batch refused by the rate limit wrote to ${changed.join(", ")}`)
    const stalled = performance.now()
    const unfinished = await RawHttp.send(strict.server.base, shortBody, 10_000)
    const stalledFor = performance.now() - stalled
    findings.expect(
      unfinished.ending !== "timeout" && (unfinished.status === undefined || unfinished.status === 408),
      `a body shorter than its Content-Length was held ${(stalledFor / 1000).toFixed(1)} s and answered ${unfinished.status ?? unfinished.ending} (request timeout 4 s)`
    )
    const slow = await Promise.all(Array.from({ length: 5 }, () => RawHttp.dribble(strict.server.base, 200, 15_000)))
    const held = Math.max(...slow.map((s) => s.heldMillis))
    findings.expect(held < 6_000, `a slow-header socket was held ${(held / 1000).toFixed(1)} s (headers timeout 2 s)`)
    const idle = await RawHttp.idle(strict.server.base, 60, 500)
    idle.close()
    findings.expect(idle.open <= 20, `${idle.open} of 60 sockets stayed open past PATRON_MAX_CONNECTIONS=20`)
    // The server frees a connection slot when it sees the socket close, a moment after the client closed it.
    const serving = await eventually(() => readyz(strict.server.base), 5_000)
    findings.expect(serving, "the strict server stopped answering /readyz after the slow and idle sockets")
    return [
      ["batch of 11 at 10/minute", over.status],
      [
        "unfinished body (request timeout 4 s)",
        `${unfinished.status ?? unfinished.ending} after ${(stalledFor / 1000).toFixed(1)} s`
      ],
      ["slow-header sockets held (headers timeout 2 s)", `${(held / 1000).toFixed(1)} s`],
      ["idle sockets kept of 60 (max 20)", idle.open]
    ] as const
  } finally {
    await strict.close()
  }
}

/** The drill. */
export const drill = (): Promise<Result> =>
  within("PostgreSQL", { webhooks: false }, async (world) => {
    const started = performance.now()
    const findings = new Findings()
    const reader = await Fingerprint.reader(world.databaseUrl as string)
    try {
      const rows = await fireCorpus(world, findings)
      const limitFigures = isServerUp(world) ? await limits(world, findings, reader) : []
      const budgetFigures = isServerUp(world) ? await budgets(world, findings, reader) : []
      const answered = rows.filter((row) => typeof row[1] === "number").length
      return {
        name: "hostile HTTP",
        setting: `${world.setting}, ${corpus.length} malformed requests over raw sockets`,
        figures: [
          ["malformed requests", `${rows.length} sent, ${answered} answered with a status, the rest hung up`],
          ["server", isServerUp(world) ? "up, /readyz 200 after each" : "EXITED"],
          ...limitFigures,
          ...budgetFigures
        ],
        details: { columns: ["request", "answer", "server after"], rows },
        problems: findings.problems,
        notes: findings.notes,
        seconds: (performance.now() - started) / 1000
      }
    } finally {
      await reader.close()
    }
  })
