/**
 * The single-call path (SingleCall.ts) answers exactly as tRPC's node adapter does: the same requests, sent to one
 * host with the path and to one without it (each over its own in-memory world, fed the same calls in the same order),
 * get the same status, content type, `Vary` and body, ids and instants aside. The corpus is every procedure with
 * hostile inputs (a seeded generator of JSON values), malformed JSON, wrong methods and content types, unknown paths,
 * no token and a token without the permission, then valid calls reading back what was written.
 */
import { createServer, type Server } from "node:http"
import { appRouter, type Principal, type Runner } from "@patron/api"
import { Ids } from "@patron/domain"
import { InMemory, InMemoryAccess, InMemoryImports, InMemoryWebhooks } from "@patron/domain/testing"
import { Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { handler } from "../src/Http.ts"
import { admin, holding } from "./principals.ts"

const reader = holding("reader", ["customers:read"])
const principals: Readonly<Record<string, Principal>> = { "Bearer admin": admin, "Bearer reader": reader }

interface Host {
  readonly base: string
  readonly stop: () => Promise<void>
}

const host = async (singleCalls: boolean): Promise<Host> => {
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(InMemory.layer, InMemoryAccess.layer, InMemoryWebhooks.layer, InMemoryImports.layer, Ids.Ids.layer)
  )
  const run: Runner = (effect) => runtime.runPromiseExit(effect)
  const server: Server = createServer(
    handler({
      run,
      authenticate: async (authorization) => principals[authorization ?? ""] ?? null,
      isReady: async () => true,
      log: () => undefined,
      corsOrigins: ["https://shop.example.com"],
      singleCalls
    })
  )
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve))
      await runtime.dispose()
    }
  }
}

interface Request {
  readonly path: string
  readonly method?: string
  readonly body?: string
  readonly token?: string | null
  readonly contentType?: string
  readonly origin?: string
}

/** Ids (`cus_…`), instants and generated secrets differ between the two worlds; everything else must not. */
const normalized = (text: string) =>
  text
    .replace(/\b[a-z]{3}[-_][0-9A-HJKMNP-TV-Z]{26}\b/g, "<id>")
    .replace(/"nextCursor":"[^"]+"/g, '"nextCursor":"<cursor>"')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<instant>")
    .replace(/whsec_[A-Za-z0-9+/=]+/g, "<secret>")
    .replace(/pat_<id>\.[A-Za-z0-9_-]+/g, "<token>")

const send = async (base: string, request: Request) => {
  const token = request.token === undefined ? "Bearer admin" : request.token
  const response = await fetch(`${base}/trpc/${request.path}`, {
    method: request.method ?? "GET",
    headers: {
      ...(token === null ? {} : { authorization: token }),
      ...(request.contentType === "" ? {} : { "content-type": request.contentType ?? "application/json" }),
      ...(request.origin === undefined ? {} : { origin: request.origin })
    },
    ...(request.body === undefined ? {} : { body: request.body })
  })
  return {
    // The adapter streams its answer (chunked); the single-call path sends one with its length.
    single: response.headers.get("content-length") !== null,
    status: response.status,
    contentType: response.headers.get("content-type"),
    vary: response.headers.get("vary"),
    body: normalized(await response.text())
  }
}

/** A small seeded generator of JSON values, hostile in shape and content. */
const generator = (seed: number) => {
  let state = seed
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)] as A
  const keys = [
    "id",
    "firstName",
    "lastName",
    "email",
    "limit",
    "cursor",
    "search",
    "identifier",
    "meta",
    "x",
    "__proto__"
  ]
  const strings = [
    "",
    "a",
    "Ada",
    "x".repeat(300),
    "\u0000",
    "\ud800",
    "cus_01JBZ0000000000000000000AA",
    "<script>",
    "1e999"
  ]
  const value = (depth: number): unknown => {
    const kind = Math.floor(next() * (depth > 2 ? 5 : 7))
    if (kind === 0) return null
    if (kind === 1) return next() < 0.5
    if (kind === 2) return pick([0, -1, 1.5, 2 ** 53, 1e308, -0])
    if (kind === 3 || kind === 4) return pick(strings)
    if (kind === 5) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1))
    return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(keys), value(depth + 1)]))
  }
  return () => value(0)
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)

const call = (path: string, type: string, input: unknown, extra: Partial<Request> = {}): Request =>
  type === "query"
    ? { path: `${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, ...extra }
    : { path, method: "POST", ...(input === undefined ? {} : { body: JSON.stringify(input) }), ...extra }

/** The same call as `httpBatchLink` sends it alone: `?batch=1`, the input as `{"0": …}`. */
const batchOfOne = (path: string, type: string, input: unknown, extra: Partial<Request> = {}): Request => {
  const inputs = JSON.stringify(input === undefined ? {} : { 0: input })
  return type === "query"
    ? { path: `${path}?batch=1&input=${encodeURIComponent(inputs)}`, ...extra }
    : { path: `${path}?batch=1`, method: "POST", body: inputs, ...extra }
}

const corpus = (): ReadonlyArray<Request> => {
  const hostile = generator(20261202)
  const requests: Array<Request> = []
  for (const [path, { _def }] of procedures) {
    requests.push(call(path, _def.type, undefined))
    requests.push(call(path, _def.type, {}))
    for (let i = 0; i < 12; i++) requests.push(call(path, _def.type, hostile()))
    requests.push(call(path, _def.type, {}, { token: null }))
    requests.push(call(path, _def.type, {}, { token: "Bearer reader" }))
    requests.push(call(path, _def.type, {}, { origin: "https://shop.example.com" }))
    // The other method, malformed JSON, and a body that is not JSON.
    requests.push(_def.type === "query" ? { path, method: "POST", body: "{}" } : { path })
    requests.push(_def.type === "query" ? { path: `${path}?input={` } : { path, method: "POST", body: "{" })
    if (_def.type === "mutation") requests.push({ path, method: "POST", body: "{}", contentType: "text/plain" })
    if (_def.type === "mutation") requests.push({ path, method: "POST", body: "{}", contentType: "" })
    // As a batch of one: the hostile inputs, refusals, and batch inputs that are not an object of calls.
    requests.push(batchOfOne(path, _def.type, undefined), batchOfOne(path, _def.type, {}))
    for (let i = 0; i < 4; i++) requests.push(batchOfOne(path, _def.type, hostile()))
    requests.push(
      batchOfOne(path, _def.type, {}, { token: null }),
      batchOfOne(path, _def.type, {}, { token: "Bearer reader" })
    )
    for (const inputs of ["[]", "5", "null", '"x"', "{", '{"1":{}}']) {
      requests.push(
        _def.type === "query"
          ? { path: `${path}?batch=1&input=${encodeURIComponent(inputs)}` }
          : { path: `${path}?batch=1`, method: "POST", body: inputs }
      )
    }
  }
  requests.push(
    { path: "customers.get,customers.list?batch=1&input={}" },
    { path: "customers.get?batch=true&input={}" }
  )
  requests.push({ path: "customers.nothing" }, { path: "customers.nothing", method: "POST", body: "{}" })
  requests.push({ path: "customers.get?batch=1&input={}" }, { path: "customers.get", method: "HEAD" })
  requests.push({ path: "customers%2Eget?input={}" }, { path: "customers.get?input=%7B%22id%22:" })
  // Valid writes, then reads of what they wrote.
  for (let i = 0; i < 5; i++) {
    requests.push(call("customers.create", "mutation", { firstName: "Ada", lastName: `Lovelace ${i}` }))
  }
  requests.push(call("customers.list", "query", {}), call("customers.list", "query", { limit: 2 }))
  requests.push(batchOfOne("customers.create", "mutation", { firstName: "Ada", lastName: "Batched" }))
  requests.push(batchOfOne("customers.list", "query", { limit: 3 }), batchOfOne("access.me", "query", undefined))
  requests.push(call("access.me", "query", undefined), call("roles.list", "query", undefined))
  return requests
}

let withPath: Host
let withoutPath: Host

beforeAll(async () => {
  withPath = await host(true)
  withoutPath = await host(false)
})

afterAll(async () => {
  await withPath.stop()
  await withoutPath.stop()
})

describe("the single-call path", () => {
  it("answers every request of the corpus as tRPC's adapter does", async () => {
    const requests = corpus()
    expect(requests.length).toBeGreaterThan(procedures.length * 15)
    const differences: Array<unknown> = []
    let answeredOk = 0
    let tookSinglePath = 0
    let batchesOnSinglePath = 0
    for (const request of requests) {
      const fast = await send(withPath.base, request)
      const adapter = await send(withoutPath.base, request)
      if (fast.status === 200) answeredOk++
      if (fast.single) tookSinglePath++
      if (fast.single && request.path.includes("batch=1")) batchesOnSinglePath++
      expect(adapter.single, "the adapter streams").toBe(false)
      const { single: _fast, ...fastAnswer } = fast
      const { single: _adapter, ...adapterAnswer } = adapter
      if (JSON.stringify(fastAnswer) !== JSON.stringify(adapterAnswer)) differences.push({ request, fast, adapter })
    }
    expect(differences).toEqual([])
    // The corpus reaches the procedures, not only their refusals, and most of it takes the single-call path.
    expect(answeredOk).toBeGreaterThan(10)
    expect(tookSinglePath).toBeGreaterThan(requests.length * 0.8)
    expect(batchesOnSinglePath).toBeGreaterThan(procedures.length * 10)
  })

  it("reads back through the single-call path what it wrote", async () => {
    const created = await send(
      withPath.base,
      call("customers.create", "mutation", { firstName: "Grace", lastName: "Hopper" })
    )
    expect(created.status).toBe(200)
    const list = await fetch(
      `${withPath.base}/trpc/customers.list?input=${encodeURIComponent('{"search":"Hopper"}')}`,
      {
        headers: { authorization: "Bearer admin" }
      }
    )
    const items = ((await list.json()) as { result: { data: { items: Array<{ lastName: string }> } } }).result.data
      .items
    expect(items.map((item) => item.lastName)).toEqual(["Hopper"])
  })
})
