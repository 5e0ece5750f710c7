/**
 * The bare handler, the floor under Patron's HTTP API: a `node:http` server answering GET `/trpc/customers.get` and
 * POST `/trpc/customers.create` as tRPC does (`{"result":{"data":…}}`), sending the statements Patron sends
 * (statements.ts) through the same driver (raw.ts: node-postgres with a pool of 10, or PGlite), and nothing more:
 * no tRPC, Effect, Schema or token lookup. The only check of the input is JSON.parse; the Authorization header is
 * compared in constant time with `Bearer $PATRON_ADMIN_TOKEN`; the tenant is `default`, looked up once.
 *
 * Its own process, as the server is: `node --import tsx src/bench/bare.ts` with DATABASE_URL (PostgreSQL) or
 * PATRON_DATA_DIR (PGlite in its `data` directory, as the server opens it, which must then be stopped). Listens on
 * 127.0.0.1:$PORT (0: any free port) and prints `bare handler listening on <base>`; SIGTERM ends it.
 */
import { randomBytes, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { join } from "node:path"
import * as Raw from "./raw.ts"
import * as Statements from "./statements.ts"

const env = process.env
const db =
  env.DATABASE_URL !== undefined
    ? Raw.postgres(env.DATABASE_URL, 10)
    : await Raw.pglite(join(env.PATRON_DATA_DIR ?? ".patron", "data"))
const [tenantRow] = await db.query<{ id: string }>("select id from tenants where name = 'default'")
if (tenantRow === undefined) throw new Error("no tenant default: start the server on this database first")
const tenant = tenantRow.id
const expected = Buffer.from(`Bearer ${env.PATRON_ADMIN_TOKEN ?? ""}`)

const authorized = (header: string | undefined) => {
  const given = Buffer.from(header ?? "")
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
/** A ULID: 10 characters of milliseconds, 16 random ones. */
const ulid = () => {
  let id = ""
  for (let time = Date.now(), i = 0; i < 10; i++, time = Math.floor(time / 32)) id = crockford[time % 32] + id
  for (const byte of randomBytes(16)) id += crockford[byte & 31]
  return id
}

type Input = Record<string, unknown>

/** The customer `Customer.make` makes of an input (trusted as is), and its row as `CustomerListing.rowOf` stores it. */
const customerOf = (input: Input) => {
  const { addresses, meta, externalReferences, identifier, type, ...rest } = input
  const id = `cus_${ulid()}`
  const now = new Date().toISOString()
  const references = (externalReferences ?? {}) as Record<string, string>
  const customer = {
    ...rest,
    id,
    identifier: (identifier as string | undefined) ?? id.replace("_", "-"),
    type: type ?? "individual",
    addresses: addresses ?? [],
    meta: meta ?? {},
    externalReferences: references,
    version: 1,
    createdAt: now,
    updatedAt: now
  }
  const searchable = [rest.firstName, rest.lastName, rest.middleName, customer.identifier, rest.email]
    .concat([rest.companyName, rest.phone], Object.values(references))
    .filter((text): text is string => typeof text === "string")
  const row = [
    id,
    customer.identifier,
    customer.type,
    String(rest.lastName).toLowerCase(),
    searchable.map((text) => text.toLowerCase()).join("\u001f"),
    JSON.stringify(customer.meta),
    1,
    now,
    now
  ]
  return { customer, row, references }
}

const create = async (input: Input) => {
  const { customer, row, references } = customerOf(input)
  const document = JSON.stringify(customer)
  const event = JSON.stringify({ type: "customer.created", data: customer })
  await db.transaction(async (tx) => {
    await tx.query(Statements.insertCustomer, [tenant, ...row, document])
    if (Object.keys(references).length > 0) {
      await tx.query(Statements.insertReferences, [tenant, customer.id, JSON.stringify(references)])
    }
    await tx.query(Statements.insertMessage, [tenant, `msg_${ulid()}`, "customer.created", event, customer.createdAt])
    await tx.query(Statements.notify, [Statements.channel])
  })
  return customer
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body)
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
  res.end(text)
}

// tRPC's JSON-RPC error numbers of the codes the handler answers with.
const numbers: Record<string, number> = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  NOT_FOUND: -32004,
  INTERNAL_SERVER_ERROR: -32603
}

const failure = (res: ServerResponse, status: number, code: string, message: string, path: string) => {
  if (res.headersSent) return res.destroy()
  send(res, status, { error: { message, code: numbers[code], data: { code, httpStatus: status, path } } })
}

const bodyOf = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString("utf8"))
}

const answer = async (req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? "/", "http://bare")
  const path = url.pathname.slice("/trpc/".length)
  if (!authorized(req.headers.authorization)) return failure(res, 401, "UNAUTHORIZED", "no valid API token", path)
  if (req.method === "GET" && path === "customers.get") {
    const input = JSON.parse(url.searchParams.get("input") ?? "{}") as Input
    const [found] = await db.query<{ document: unknown }>(Statements.get, [tenant, input.id])
    if (found === undefined) return failure(res, 404, "NOT_FOUND", `customer ${String(input.id)} not found`, path)
    return send(res, 200, { result: { data: found.document } })
  }
  if (req.method === "POST" && path === "customers.create") {
    return send(res, 200, { result: { data: await create((await bodyOf(req)) as Input) } })
  }
  failure(res, 404, "NOT_FOUND", `no procedure ${path}`, path)
}

const server = createServer((req, res) => {
  answer(req, res).catch((error: unknown) =>
    error instanceof SyntaxError
      ? failure(res, 400, "BAD_REQUEST", `input is not JSON: ${error.message}`, req.url ?? "")
      : failure(res, 500, "INTERNAL_SERVER_ERROR", String(error), req.url ?? "")
  )
})
server.listen(Number(env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  console.log(`bare handler listening on http://127.0.0.1:${port}`)
})
process.once("SIGTERM", () => {
  server.close()
  server.closeAllConnections()
  void db.close().then(() => process.exit(0))
})
