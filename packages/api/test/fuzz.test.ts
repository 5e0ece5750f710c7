/**
 * Malformed input fuzzing: hostile JSON into every mutation never yields a 5xx (or a throw that is not a TRPCError)
 * and a failed call writes nothing to any in-memory store.
 */
import { InMemory, InMemoryAccess, InMemoryWebhooks, Samples } from "@patron/domain/testing"
import { TRPCError } from "@trpc/server"
import { Effect, Ref } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { world } from "./harness.ts"
import { overTheWire, shaped } from "./hostileInput.ts"

type World = ReturnType<typeof world>
type Api = ReturnType<World["as"]>

/** The codes a malformed input may be answered with; anything else (a 5xx above all) is a bug. */
// TOO_MANY_REQUESTS: webhooks.test sends at most 10 test events per endpoint a minute, and the fuzzing sends 100.
const allowed = new Set(["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "TOO_MANY_REQUESTS"])

const seed = 20240604
const numRuns = 100

/** Everything written so far: the main store (incl. outbox), the access store and the webhook store. */
const snapshot = (w: World) =>
  w.runtime.runPromise(
    Effect.gen(function* () {
      return {
        main: yield* Ref.get(yield* InMemory.Store),
        access: yield* Ref.get(yield* InMemoryAccess.Store),
        webhooks: yield* Ref.get(yield* InMemoryWebhooks.Store)
      }
    })
  )
type Snapshot = Awaited<ReturnType<typeof snapshot>>

const expectUnchanged = (before: Snapshot, after: Snapshot, context: string) => {
  expect(after.main.outbox.length, `${context}: outbox length`).toBe(before.main.outbox.length)
  for (const part of ["main", "access", "webhooks"] as const) {
    // Stores are immutable values replaced on write; only compare deeply when the reference changed.
    if (after[part] !== before[part]) expect(after[part], `${context}: ${part} store`).toEqual(before[part])
  }
}

/** The real ids a world's fixtures hold, so shaped inputs reach past validation into the use cases. */
interface Ids {
  readonly customerId: string
  readonly contractId: string
  readonly endpointId: string
  readonly deliveryId: string
  readonly roleId: string
  readonly spareRoleId: string
  readonly tokenId: string
}

const plan = Samples.meteredPlan({
  tiers: [
    { threshold: "0", unitPrice: "0" },
    { threshold: "10", unitPrice: "5" }
  ]
})

const fixtures = async (api: Api): Promise<Ids> => {
  const customer = await api.customers.create({ firstName: "Ada", lastName: "Lovelace", identifier: "ada" })
  const contract = await api.subscriptionContracts.create({ customerId: customer.id, ...plan } as never)
  const endpoint = await api.webhooks.create({ url: "https://example.com/hook", events: ["*"] })
  const delivery = await api.webhooks.test({ id: endpoint.id })
  const role = await api.access.roles.create({ name: "support", permissions: ["customers:read"] })
  const spare = await api.access.roles.create({ name: "spare", permissions: ["orders:read"] })
  const token = await api.access.tokens.create({ name: "desk", roleId: role.id })
  return {
    customerId: customer.id,
    contractId: contract.id,
    endpointId: endpoint.id,
    deliveryId: delivery.id,
    roleId: role.id,
    spareRoleId: spare.id,
    tokenId: token.id
  }
}

const usageRecord = (ids: Ids) => ({
  contractId: ids.contractId,
  meteredVariable: "calls",
  quantity: "4.5",
  idempotencyKey: "key-1",
  occurredAt: new Date().toISOString()
})

/** Every mutation of the app router with a valid input template built from the fixtures. */
const mutations: ReadonlyArray<readonly [string, (ids: Ids) => unknown]> = [
  [
    "customers.create",
    () => ({
      firstName: "Grace",
      lastName: "Hopper",
      identifier: "grace",
      email: "grace@example.com",
      meta: { tier: "gold" },
      externalReferences: { crm: "42" }
    })
  ],
  [
    "customers.update",
    (ids) => ({
      id: ids.customerId,
      expectedVersion: 1,
      patch: { firstName: "Ada", email: null, meta: { set: { channel: "web" } } }
    })
  ],
  ["customers.delete", (ids) => ({ id: ids.customerId, expectedVersion: 1 })],
  [
    "customers.upsert",
    () => ({ match: { identifier: "ada" }, customer: { firstName: "Ada", lastName: "King", email: "ada@example.com" } })
  ],
  [
    "customers.upsertMany",
    () => ({
      rows: [
        { match: { identifier: "ada" }, customer: { firstName: "Ada", lastName: "King" } },
        { match: { externalReference: { key: "crm", value: "7" } }, customer: { firstName: "Bo", lastName: "Ek" } }
      ],
      errorPolicy: "rejectAll"
    })
  ],
  [
    "orders.create",
    () => ({
      customer: {
        identifier: "newcomer",
        externalReference: { key: "shop", value: "1" },
        firstName: "N",
        lastName: "C"
      },
      currency: "EUR",
      items: [{ name: "Book", quantity: "1", unitPrice: "10" }]
    })
  ],
  [
    "orders.create",
    (ids) => ({
      customerId: ids.customerId,
      currency: "EUR",
      items: [{ name: "Book", quantity: "2", unitPrice: "19.99", taxRate: "0.25" }],
      reference: "ref-1"
    })
  ],
  ["subscriptionContracts.create", (ids) => ({ customerId: ids.customerId, ...plan })],
  [
    "subscriptionContracts.update",
    (ids) => ({
      id: ids.contractId,
      expectedVersion: 1,
      patch: { plan: { name: "API v2" }, item: { quantity: 2 }, meta: { set: { a: "b" } } }
    })
  ],
  ["subscriptionContracts.cancel", (ids) => ({ id: ids.contractId, expectedVersion: 1, atPeriodEnd: true })],
  ["subscriptionContracts.pause", (ids) => ({ id: ids.contractId, expectedVersion: 1 })],
  ["subscriptionContracts.resume", (ids) => ({ id: ids.contractId, expectedVersion: 1 })],
  ["subscriptionContracts.renew", (ids) => ({ id: ids.contractId, expectedVersion: 1 })],
  ["subscriptionContracts.delete", (ids) => ({ id: ids.contractId })],
  ["usage.record", usageRecord],
  ["usage.recordBatch", (ids) => ({ records: [usageRecord(ids), { ...usageRecord(ids), idempotencyKey: "key-2" }] })],
  [
    "webhooks.create",
    () => ({
      url: "https://example.com/other",
      events: ["customer.created"],
      description: "d",
      headers: { "X-Team": "billing" }
    })
  ],
  [
    "webhooks.update",
    (ids) => ({
      id: ids.endpointId,
      patch: { url: "https://example.com/new", events: ["*"], description: null, enabled: false, headers: null }
    })
  ],
  ["webhooks.delete", (ids) => ({ id: ids.endpointId })],
  ["webhooks.rotateSecret", (ids) => ({ id: ids.endpointId })],
  ["webhooks.redeliver", (ids) => ({ deliveryId: ids.deliveryId })],
  ["webhooks.test", (ids) => ({ id: ids.endpointId })],
  ["access.roles.create", () => ({ name: "auditor", permissions: ["customers:read", "orders:read"] })],
  ["access.roles.update", (ids) => ({ id: ids.roleId, patch: { name: "helpdesk", permissions: ["orders:read"] } })],
  ["access.roles.delete", (ids) => ({ id: ids.spareRoleId })],
  ["access.tokens.create", (ids) => ({ name: "robot", roleId: ids.roleId })],
  ["access.tokens.revoke", (ids) => ({ id: ids.tokenId })]
]

// ---------------------------------------------------------------------------------------------------------------
// The property

const procedureOf = (api: Api, path: string) =>
  path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
    input: unknown
  ) => Promise<unknown>

const describeInput = (input: unknown) => {
  const text = JSON.stringify(input) ?? String(input)
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text
}

/** Calls `path` with `input`; checks the outcome and, on failure, that no store changed. Returns the outcome. */
const check = async (w: World, path: string, input: unknown) => {
  const api = w.as(w.admin())
  const before = await snapshot(w)
  let outcome: "succeeded" | string
  try {
    await procedureOf(api, path)(input)
    outcome = "succeeded"
  } catch (error) {
    if (!(error instanceof TRPCError)) {
      throw new Error(`${path} threw a non-TRPCError for ${describeInput(input)}: ${String(error)}`, { cause: error })
    }
    if (!allowed.has(error.code)) {
      throw new Error(
        `${path} answered ${error.code} (${error.message}) for ${describeInput(input)}\ncause: ${
          error.cause instanceof Error ? error.cause.stack : String(error.cause)
        }`,
        { cause: error }
      )
    }
    outcome = error.code
    expectUnchanged(before, await snapshot(w), `${path} failing with ${error.code}`)
  }
  return outcome
}

const worlds: Array<World> = []
afterAll(async () => {
  await Promise.all(worlds.map((w) => w.dispose()))
})

const freshWorld = async () => {
  const w = world()
  worlds.push(w)
  const ids = await fixtures(w.as(w.admin()))
  return { w, ids }
}

describe("malformed input fuzzing", () => {
  it.each(mutations)("%s: random JSON never yields a 5xx, never writes, and creates nothing", async (path) => {
    const { w } = await freshWorld()
    const outcomes: Array<string> = []
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        outcomes.push(await check(w, path, overTheWire(value)))
      }),
      { seed, numRuns }
    )
    // Random JSON is not a valid input of any mutation: none of it should have gone through.
    expect(outcomes.filter((o) => o === "succeeded")).toEqual([])
  })

  it.each(mutations)(
    "%s: hostile inputs shaped like the real one never yield a 5xx or write on failure",
    async (path, template) => {
      const { w, ids } = await freshWorld()
      const valid = template(ids)
      const counts = new Map<string, number>()
      await fc.assert(
        fc.asyncProperty(shaped(valid), async (value) => {
          const outcome = await check(w, path, overTheWire(value))
          counts.set(outcome, (counts.get(outcome) ?? 0) + 1)
        }),
        { seed, numRuns }
      )
      // Most hostile inputs are refused as input problems; the property above is the real assertion.
      expect(counts.get("BAD_REQUEST") ?? 0).toBeGreaterThan(0)
    }
  )
})
