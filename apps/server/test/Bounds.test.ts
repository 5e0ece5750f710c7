/**
 * The numbers and dates that once answered 500 over HTTP (a 999-digit usage quantity that broke its contract's
 * summary for good, 999-digit order amounts, instants at JavaScript's limits that PostgreSQL cannot store): each is
 * now a 400 naming its field, and nothing of it is stored.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Started, startServer } from "./server.ts"

const token = "pat_01JBZ0000000000000000000AB.dGVzdC1zZWNyZXQtdGhhdC1pcy1sb25nLWVub3VnaA"
const dataDir = mkdtempSync(join(tmpdir(), "patron-bounds-"))
let started: Started

type Answer = {
  readonly status: number
  readonly body: {
    readonly result?: { readonly data: Record<string, unknown> }
    readonly error?: {
      readonly data: { readonly issues?: ReadonlyArray<{ path: Array<string | number>; message: string }> }
    }
  }
}

const mutation = async (procedure: string, input: unknown): Promise<Answer> => {
  const response = await fetch(`${started.base}/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(input)
  })
  return { status: response.status, body: (await response.json()) as Answer["body"] }
}

const query = async (procedure: string, input: unknown): Promise<Answer> => {
  const response = await fetch(`${started.base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${token}` }
  })
  return { status: response.status, body: (await response.json()) as Answer["body"] }
}

const issues = (answer: Answer) =>
  (answer.body.error?.data.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`)

const plan = {
  plan: { identifier: "api", name: "API plan" },
  item: { sku: "api-access", name: "API access", quantity: 1 },
  currency: "EUR",
  recurring: {
    price: "10",
    period: 1,
    unit: "month",
    meteredVariables: [
      {
        identifier: "calls",
        name: "API calls",
        unit: "call",
        tierType: "graduated",
        tiers: [{ threshold: "0", unitPrice: "1" }]
      }
    ]
  }
}
const digits999 = "9".repeat(999)
const decimalBound = "must have at most 18 digits before the point and 9 after"
const instantBound = "must be a date between 1900-01-01 and 9999-12-31"

let customerId: string

beforeAll(async () => {
  started = await startServer({ PATRON_DATA_DIR: dataDir, PATRON_ADMIN_TOKEN: token })
  const created = await mutation("customers.create", { firstName: "Ada", lastName: "Lovelace" })
  customerId = String(created.body.result?.data.id)
}, 180_000)

afterAll(() => {
  if (started.process.exitCode === null) started.process.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

describe("bounded numbers and dates over HTTP", () => {
  it("answers a 999-digit usage quantity with 400 at quantity, and the contract's summary keeps answering 200", async () => {
    const contract = await mutation("subscriptionContracts.create", { customerId, ...plan })
    const contractId = String(contract.body.result?.data.id)
    const record = await mutation("usage.record", {
      contractId,
      meteredVariable: "calls",
      quantity: digits999,
      idempotencyKey: "huge"
    })
    expect(record.status).toBe(400)
    expect(issues(record)).toEqual([`quantity: ${decimalBound}`])
    const summary = await query("usage.summary", { contractId })
    expect(summary.status).toBe(200)
    expect(summary.body.result?.data.total).toBe("10.00")
  })

  it("answers 999-digit order quantities and prices with 400 naming each", async () => {
    const order = await mutation("orders.create", {
      customerId,
      currency: "EUR",
      items: [{ name: "Book", quantity: digits999, unitPrice: digits999 }]
    })
    expect(order.status).toBe(400)
    expect(issues(order)).toEqual([
      `items.0.quantity: ${decimalBound}`,
      "items.0.unitPrice: must have at most 18 digits before the point and 12 after"
    ])
    const orders = await query("orders.list", { customerId })
    expect(orders.body.result?.data.items).toEqual([])
  })

  it("answers an activateAt of +275760 with 400 at activateAt", async () => {
    const contract = await mutation("subscriptionContracts.create", {
      customerId,
      ...plan,
      activateAt: "+275760-09-13T00:00:00.000Z"
    })
    expect(contract.status).toBe(400)
    expect(issues(contract)).toEqual([`activateAt: ${instantBound}`])
  })

  it("answers a createdAfter of -271821 with 400 at createdAfter", async () => {
    const list = await query("customers.list", { createdAfter: "-271821-04-20T00:00:00.000Z" })
    expect(list.status).toBe(400)
    expect(issues(list)).toEqual([`createdAfter: ${instantBound}`])
  })
})
