import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Result, Schema } from "effect"
import * as Customer from "./Customer.ts"
import * as DomainEvent from "./DomainEvent.ts"
import type { MessageId } from "./ports/Outbox.ts"
import * as Validation from "./Validation.ts"
import * as Webhook from "./Webhook.ts"

const id = "whk_01JBZ0000000000000000000A1" as Webhook.WebhookEndpointId
const created = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const later = DateTime.makeUnsafe("2026-11-24T13:00:00Z")

const decodeCreate = (input: unknown) => Effect.runSync(Validation.decode(Webhook.CreateInput)(input))
const issuesOf = (input: unknown) =>
  Effect.runSync(Validation.decode(Webhook.CreateInput)(input).pipe(Effect.flip)).issues
const endpointWith = (fields: Record<string, unknown>) =>
  Webhook.make(decodeCreate({ url: "https://hooks.example.com/patron", events: ["*"], ...fields }), {
    id,
    now: created
  })

describe("Webhook.CreateInput", () => {
  it("accepts listed event types, a description and custom headers", () => {
    const input = decodeCreate({
      url: "https://hooks.example.com/patron",
      events: ["customer.created", "order.created"],
      description: "CRM sync",
      headers: { "X-Api-Key": "abc123", Authorization: "Bearer xyz" }
    })
    assert.deepStrictEqual(input.events, ["customer.created", "order.created"])
    assert.deepStrictEqual(input.headers, { "X-Api-Key": "abc123", Authorization: "Bearer xyz" })
  })

  it("refuses an unknown event type, naming it and listing the valid ones", () => {
    const [issue, ...rest] = issuesOf({ url: "https://example.com/", events: ["customer.created", "customer.merged"] })
    assert.strictEqual(rest.length, 0)
    assert.deepStrictEqual(issue?.path, ["events", 1])
    assert.include(issue?.message, `unknown event type "customer.merged"`)
    for (const type of DomainEvent.eventTypes) assert.include(issue?.message, type)
  })

  const refusedEvents: ReadonlyArray<readonly [string, unknown]> = [
    ["an empty list", []],
    ["a repeated type", ["order.created", "order.created"]],
    ["* next to a type", ["*", "order.created"]],
    ["a type that is not a string", [42]]
  ]
  for (const [name, events] of refusedEvents) {
    it(`refuses events with ${name}`, () => {
      const issues = issuesOf({ url: "https://example.com/", events })
      assert.isAbove(issues.length, 0)
      assert.strictEqual(issues[0]?.path[0], "events")
    })
  }

  it("refuses a description over 500 characters and a bad URL, reporting both", () => {
    const paths = issuesOf({ url: "ftp://example.com/", events: ["*"], description: "x".repeat(501) }).map((issue) =>
      issue.path.join(".")
    )
    assert.deepStrictEqual(paths, ["url", "description"])
  })
})

describe("Webhook.Headers", () => {
  const refused: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ["the Standard Webhooks signature header", { "Webhook-Signature": "v1,forged" }],
    ["any webhook- header", { "webhook-anything": "x" }],
    ["content-type", { "Content-Type": "text/plain" }],
    ["content-length", { "content-length": "0" }],
    ["host", { Host: "internal.example" }],
    ["transfer-encoding", { "Transfer-Encoding": "chunked" }],
    ["a name with a space", { "X Api Key": "x" }],
    ["a name with a colon", { "X-Key:": "x" }],
    ["an empty name", { "": "x" }],
    ["a value with a line break", { "X-Key": "a\r\nX-Injected: 1" }],
    ["an empty value", { "X-Key": "" }],
    ["the same name twice in different case", { "X-Key": "a", "x-key": "b" }],
    ["more than 20 headers", Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, "v"]))]
  ]
  for (const [name, headers] of refused) {
    it(`refuses ${name}`, () => {
      assert.isTrue(Result.isFailure(Schema.decodeUnknownResult(Webhook.Headers)(headers)))
    })
  }

  it("names the refused header in the message and the path", () => {
    const [issue] = issuesOf({ url: "https://example.com/", events: ["*"], headers: { "Webhook-Id": "x" } })
    assert.deepStrictEqual(issue?.path, ["headers", "Webhook-Id"])
    assert.include(issue?.message, "header Webhook-Id is set by Patron")
  })
})

describe("Webhook.matches", () => {
  it("delivers subscribed types to an enabled endpoint", () => {
    const endpoint = endpointWith({ events: ["customer.created", "order.created"] })
    assert.isTrue(Webhook.matches(endpoint, "order.created"))
    assert.isFalse(Webhook.matches(endpoint, "customer.deleted"))
  })

  it("delivers every type to a * endpoint", () => {
    const endpoint = endpointWith({ events: ["*"] })
    for (const type of DomainEvent.eventTypes) assert.isTrue(Webhook.matches(endpoint, type))
  })

  it("delivers nothing to a disabled endpoint", () => {
    const endpoint = Webhook.disable(endpointWith({ events: ["*"] }), later)
    assert.isFalse(Webhook.matches(endpoint, "customer.created"))
  })
})

describe("Webhook.applyPatch", () => {
  const endpoint = endpointWith({ description: "CRM", headers: { "X-Key": "a" } })

  it("sets fields and stamps updatedAt", () => {
    const patched = Webhook.applyPatch(endpoint, { events: ["order.created"], enabled: false }, later)
    assert.deepStrictEqual(patched.events, ["order.created"])
    assert.isFalse(patched.enabled)
    assert.strictEqual(patched.description, "CRM")
    assert.deepStrictEqual(patched.updatedAt, later)
  })

  it("clears the description and the headers with null", () => {
    const patched = Webhook.applyPatch(endpoint, { description: null, headers: null }, later)
    assert.isFalse("description" in patched)
    assert.isFalse("headers" in patched)
    assert.deepStrictEqual(
      Schema.decodeUnknownSync(Webhook.WebhookEndpoint)(Schema.encodeSync(Webhook.WebhookEndpoint)(patched)),
      patched
    )
  })
})

describe("Webhook.hiddenValue", () => {
  it("hides a header value, keeping only a known authorization scheme in front", () => {
    assert.strictEqual(Webhook.hiddenValue("Bearer downstream-secret"), "Bearer ••••")
    assert.strictEqual(Webhook.hiddenValue("Basic dXNlcjpwYXNz"), "Basic ••••")
    assert.strictEqual(Webhook.hiddenValue("sk_live_0123456789"), "••••")
    assert.strictEqual(Webhook.hiddenValue("hunter2 and more"), "••••")
    assert.strictEqual(Webhook.hiddenValue("Bearer"), "••••")
  })

  it("shows the values a request itself sent, and hides the rest", () => {
    const headers = { Authorization: "Bearer a", "X-Key": "k" }
    assert.deepStrictEqual(Webhook.hiddenHeaders(headers, { "X-Key": "k", Authorization: "Bearer ••••" }), {
      Authorization: "Bearer ••••",
      "X-Key": "k"
    })
  })

  it("lets a patch carry a hidden value back, and nothing else that is not ASCII", () => {
    const decode = Validation.decode(Webhook.PatchInput)
    assert.isTrue(
      Effect.runSync(Effect.result(decode({ headers: { Authorization: "Bearer ••••" } })))._tag === "Success"
    )
    const refused = Effect.runSync(Effect.flip(decode({ headers: { Authorization: "Bearer •x" } })))
    assert.deepStrictEqual(refused.issues[0]?.path, ["headers", "Authorization"])
    assert.isTrue(
      Effect.runSync(
        Effect.result(
          Validation.decode(Webhook.CreateInput)({
            ...{ url: "https://example.com/", events: ["*"] },
            headers: { A: "••••" }
          })
        )
      )._tag === "Failure"
    )
  })
})

describe("Webhook.keepHiddenHeaders", () => {
  const endpoint = endpointWith({ headers: { Authorization: "Bearer real", "X-Key": "k1" } })

  it("puts the stored value back for each hidden one, matching names case-insensitively", () => {
    const kept = Webhook.keepHiddenHeaders(endpoint, {
      headers: { authorization: "Bearer ••••", "X-Key": "k2", "X-New": "n" }
    })
    assert.deepStrictEqual(Result.getOrThrow(kept).headers, {
      authorization: "Bearer real",
      "X-Key": "k2",
      "X-New": "n"
    })
  })

  it("refuses a hidden value under a new name or not matching the stored one, at patch.headers.<name>", () => {
    const refused = Webhook.keepHiddenHeaders(endpoint, { headers: { "X-Other": "••••", "X-Key": "Bearer ••••" } })
    assert.isTrue(Result.isFailure(refused))
    const issues = Result.isFailure(refused) ? refused.failure.issues : []
    assert.deepStrictEqual(
      issues.map((issue) => issue.path),
      [
        ["patch", "headers", "X-Other"],
        ["patch", "headers", "X-Key"]
      ]
    )
    assert.include(issues[0]?.message, "send the real value")
  })
})

describe("Webhook.checkTestLimit", () => {
  const at = (second: number) => DateTime.makeUnsafe(Date.UTC(2026, 10, 24, 12, 0, second))

  it("allows tests until the endpoint has had 10 in the window, then says when the next one may go", () => {
    const nine = Array.from({ length: 9 }, (_, i) => at(i))
    assert.isTrue(Result.isSuccess(Webhook.checkTestLimit(id, nine, at(9))))
    const refused = Webhook.checkTestLimit(id, [...nine, at(9)], at(30))
    assert.deepStrictEqual(Result.isFailure(refused) ? refused.failure.retryAfterSeconds : undefined, 30)
    const many = Webhook.checkTestLimit(id, [at(0), at(1), ...nine.map((_, i) => at(20 + i))], at(30))
    assert.deepStrictEqual(Result.isFailure(many) ? many.failure.retryAfterSeconds : undefined, 31)
  })
})

describe("Webhook.WebhookEndpoint", () => {
  it("is plain JSON on the wire, without a secret", () => {
    const json = Schema.encodeSync(Webhook.WebhookEndpoint)(endpointWith({}))
    assert.deepStrictEqual(json, {
      id,
      url: "https://hooks.example.com/patron",
      events: ["*"],
      enabled: true,
      createdAt: "2026-11-24T12:00:00.000Z",
      updatedAt: "2026-11-24T12:00:00.000Z"
    })
  })
})

describe("Webhook.recordAttempt", () => {
  const delivery: Webhook.Delivery = {
    id: "dlv_01JBZ0000000000000000000A1" as Webhook.DeliveryId,
    endpointId: id,
    eventId: "msg_01JBZ0000000000000000000A1" as MessageId,
    eventType: "customer.created",
    status: "pending",
    attempts: [],
    nextAttemptAt: created,
    createdAt: created
  }
  const attempt = (status?: number): Webhook.Attempt =>
    status === undefined
      ? { at: later, durationMs: 15_000, error: "timed out" }
      : { at: later, status, durationMs: 120 }

  it("marks the delivery succeeded on any 2xx and clears the next attempt", () => {
    const done = Webhook.recordAttempt(delivery, attempt(204), DateTime.add(later, { minutes: 5 }))
    assert.strictEqual(done.status, "succeeded")
    assert.isFalse("nextAttemptAt" in done)
    assert.strictEqual(done.attempts.length, 1)
  })

  it("keeps it pending until the next attempt after a failure", () => {
    const next = DateTime.add(later, { minutes: 5 })
    const retrying = Webhook.recordAttempt(delivery, attempt(500), next)
    assert.strictEqual(retrying.status, "pending")
    assert.deepStrictEqual(retrying.nextAttemptAt, next)
  })

  it("marks it failed when no attempt is left", () => {
    const failed = Webhook.recordAttempt(delivery, attempt(), undefined)
    assert.strictEqual(failed.status, "failed")
    assert.isFalse("nextAttemptAt" in failed)
    assert.deepStrictEqual(Schema.encodeSync(Webhook.Delivery)(failed).attempts, [
      { at: "2026-11-24T13:00:00.000Z", durationMs: 15_000, error: "timed out" }
    ])
  })

  it("reads a 2xx as accepted and 410 as gone", () => {
    assert.deepStrictEqual([200, 204, 299, 300, 410, 500].map(Webhook.isAccepted), [
      true,
      true,
      true,
      false,
      false,
      false
    ])
    assert.isTrue(Webhook.isGone(410))
  })
})

describe("Webhook Standard Webhooks message", () => {
  it("signs {id}.{timestamp}.{body}", () => {
    assert.strictEqual(
      Webhook.signedContent("msg_01JBZ0000000000000000000A1", 1_764_000_000, `{"type":"order.created"}`),
      `msg_01JBZ0000000000000000000A1.1764000000.{"type":"order.created"}`
    )
  })

  it("sends one v1 signature per live secret, space-separated", () => {
    assert.strictEqual(Webhook.signatureHeader(["abc="]), "v1,abc=")
    assert.strictEqual(Webhook.signatureHeader(["abc=", "def="]), "v1,abc= v1,def=")
  })

  it("carries the type, the time and the resource as the API returns it", () => {
    const customer = Result.getOrThrow(
      Customer.make(decodeCustomer({ firstName: "Ada", lastName: "Lovelace" }), {
        id: "cus_01JBZ0000000000000000000AA" as Customer.CustomerId,
        now: created,
        addressIds: []
      })
    )
    const body = Webhook.payload({
      id: "msg_01JBZ0000000000000000000A1" as MessageId,
      event: new DomainEvent.CustomerCreated({ data: customer }),
      occurredAt: created
    })
    assert.strictEqual(body.type, "customer.created")
    assert.strictEqual(body.timestamp, "2026-11-24T12:00:00.000Z")
    assert.deepStrictEqual(body.data, Customer.toJson(customer))
  })
})

const decodeCustomer = (input: unknown) => Effect.runSync(Validation.decode(Customer.CreateInput)(input))
