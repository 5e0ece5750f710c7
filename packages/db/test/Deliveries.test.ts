import { assert, describe, it } from "@effect/vitest"
import { Ids, type Tenant } from "@patron/domain"
import { sql } from "drizzle-orm"
import { Deferred, Effect, Layer } from "effect"
import { Database } from "../src/Database.ts"
import * as Deliveries from "../src/Deliveries.ts"
import * as Tenants from "../src/Tenants.ts"
import { drivers } from "./databases.ts"

const tenant = "ten_00000000000000000000000001" as Tenant.TenantId
const otherTenant = "ten_00000000000000000000000002" as Tenant.TenantId

const endpoint = (tenantId: string, id: string, events: ReadonlyArray<string>, enabled = true) =>
  Effect.gen(function* () {
    const db = yield* Database
    yield* db.query(sql`
      insert into webhook_endpoints (tenant_id, id, enabled, secrets, created_at, document)
      values (${tenantId}, ${id}, ${enabled}, '{}'::jsonb, now(), ${JSON.stringify({ id, events })}::jsonb)`)
  }).pipe(Effect.orDie)

const message = (tenantId: string, id: string, type: string) =>
  Effect.gen(function* () {
    const db = yield* Database
    yield* db.query(sql`
      insert into outbox_messages (tenant_id, id, type, payload, occurred_at)
      values (${tenantId}, ${id}, ${type}, ${JSON.stringify({ type, data: { id } })}::jsonb, now())`)
  }).pipe(Effect.orDie)

const setup = Effect.gen(function* () {
  yield* Tenants.ensure({ id: tenant, name: "a" })
  yield* Tenants.ensure({ id: otherTenant, name: "b" })
})

for (const driver of await drivers()) {
  const layer = () => Layer.merge(driver.layer(), Ids.Ids.layer)

  describe.skipIf(driver.skip !== undefined)(`Deliveries on ${driver.name}`, () => {
    it.effect("fans each message out to the enabled endpoints of its tenant whose events match", () =>
      Effect.gen(function* () {
        yield* setup
        yield* endpoint(tenant, "whk_all", ["*"])
        yield* endpoint(tenant, "whk_customers", ["customer.created", "customer.deleted"])
        yield* endpoint(tenant, "whk_orders", ["order.created"])
        yield* endpoint(tenant, "whk_off", ["*"], false)
        yield* endpoint(otherTenant, "whk_other", ["*"])
        yield* message(tenant, "msg_1", "customer.created")
        assert.strictEqual(yield* Deliveries.fanOut(100), 1)
        assert.strictEqual(yield* Deliveries.fanOut(100), 0)
        const claimed = yield* Deliveries.claim({ owner: "w1", limit: 10, leaseMillis: 30_000 })
        assert.deepStrictEqual(claimed.map((d) => d.endpointId).sort(), ["whk_all", "whk_customers"])
        assert.deepStrictEqual(claimed[0]?.payload, { type: "customer.created", data: { id: "msg_1" } })
      }).pipe(Effect.provide(layer()))
    )

    it.effect("never gives one delivery to two claimers while the lease holds, and again once it expires", () =>
      Effect.gen(function* () {
        yield* setup
        yield* endpoint(tenant, "whk_all", ["*"])
        for (let i = 0; i < 40; i++) yield* message(tenant, `msg_${i}`, "customer.updated")
        yield* Deliveries.fanOut(100)
        const claims = yield* Effect.all(
          Array.from({ length: 8 }, (_, i) => Deliveries.claim({ owner: `w${i}`, limit: 7, leaseMillis: 30_000 })),
          { concurrency: "unbounded" }
        )
        const held = claims.flat().map((d) => d.id)
        assert.strictEqual(held.length, 40)
        assert.strictEqual(new Set(held).size, 40)
        assert.deepStrictEqual(yield* Deliveries.claim({ owner: "late", limit: 10, leaseMillis: 30_000 }), [])

        const db = yield* Database
        yield* db.query(sql`update deliveries set lease_until = now() - interval '1 second' where lease_owner = 'w0'`)
        const reclaimed = yield* Deliveries.claim({ owner: "rescuer", limit: 100, leaseMillis: 30_000 })
        assert.deepStrictEqual(reclaimed.map((d) => d.id).sort(), claims[0]?.map((d) => d.id).sort())
      }).pipe(Effect.provide(layer()))
    )

    it.effect("records an attempt only for the worker that still holds the lease", () =>
      Effect.gen(function* () {
        yield* setup
        yield* endpoint(tenant, "whk_all", ["*"])
        yield* message(tenant, "msg_1", "customer.created")
        yield* Deliveries.fanOut(10)
        const [delivery] = yield* Deliveries.claim({ owner: "w1", limit: 1, leaseMillis: 30_000 })
        if (delivery === undefined) return assert.fail("nothing claimed")
        const attempt = { at: new Date(), status: 500, durationMs: 12, responseSnippet: "oops" }
        const finish = (owner: string, next: Deliveries.Next) =>
          Deliveries.finish({
            tenantId: delivery.tenantId,
            deliveryId: delivery.id,
            endpointId: delivery.endpointId,
            owner,
            attempt,
            next
          })
        assert.isFalse(yield* finish("intruder", { _tag: "Succeeded" }))
        assert.isTrue(yield* finish("w1", { _tag: "Retry", afterMillis: 0 }))
        const [again] = yield* Deliveries.claim({ owner: "w2", limit: 1, leaseMillis: 30_000 })
        assert.strictEqual(again?.id, delivery.id)
        assert.strictEqual(again?.attemptCount, 2)
        assert.isTrue(yield* finish("w2", { _tag: "Succeeded" }))
        const db = yield* Database
        const rows = yield* Effect.orDie(
          db.query<{ status: string; attempts: number }>(sql`
            select d.status, (select count(*)::int from delivery_attempts a where a.delivery_id = d.id) as attempts
            from deliveries d where d.id = ${delivery.id}`)
        )
        assert.deepStrictEqual(rows[0], { status: "succeeded", attempts: 2 })
      }).pipe(Effect.provide(layer()))
    )

    it.effect("counts the attempt a claim starts, logs an attempt lost with its worker, and gives up unsent ones", () =>
      Effect.gen(function* () {
        yield* setup
        yield* endpoint(tenant, "whk_all", ["*"])
        yield* message(tenant, "msg_1", "customer.created")
        yield* message(tenant, "msg_2", "customer.created")
        yield* Deliveries.fanOut(10)
        const db = yield* Database
        const [first, second] = yield* Deliveries.claim({ owner: "crashed", limit: 2, leaseMillis: 30_000 })
        assert.deepStrictEqual([first?.attemptCount, first?.attemptInRound], [1, 1])
        yield* db.query(sql`update deliveries set lease_until = now() - interval '1 second' where id = ${first!.id}`)
        const [rescued] = yield* Deliveries.claim({ owner: "rescuer", limit: 10, leaseMillis: 30_000 })
        assert.deepStrictEqual([rescued?.id, rescued?.attemptCount], [first?.id, 2])
        const lost = yield* db.query<{ attempt: number; error: string }>(
          sql`select attempt, error from delivery_attempts where delivery_id = ${first!.id}`
        )
        assert.deepStrictEqual(lost, [{ attempt: 1, error: Deliveries.interruptedError }])

        yield* Deliveries.releaseLeases("crashed")
        const [again] = yield* Deliveries.claim({ owner: "next", limit: 10, leaseMillis: 30_000 })
        assert.deepStrictEqual([again?.id, again?.attemptCount], [second?.id, 1])
      }).pipe(Effect.provide(layer()))
    )

    it.effect("disables the endpoint on Gone, which stops its other deliveries", () =>
      Effect.gen(function* () {
        yield* setup
        yield* endpoint(tenant, "whk_gone", ["*"])
        yield* message(tenant, "msg_1", "customer.created")
        yield* message(tenant, "msg_2", "customer.updated")
        yield* Deliveries.fanOut(10)
        const [delivery] = yield* Deliveries.claim({ owner: "w1", limit: 1, leaseMillis: 30_000 })
        assert.isTrue(
          yield* Deliveries.finish({
            tenantId: tenant,
            deliveryId: delivery!.id,
            endpointId: "whk_gone",
            owner: "w1",
            attempt: { at: new Date(), status: 410, durationMs: 3 },
            next: { _tag: "Gone" }
          })
        )
        const db = yield* Database
        const [row] = yield* db.query<{ enabled: boolean; document_enabled: boolean; updated: string }>(sql`
          select enabled, (document->>'enabled')::boolean as document_enabled, document->>'updatedAt' as updated
          from webhook_endpoints where id = 'whk_gone'`)
        assert.deepStrictEqual([row?.enabled, row?.document_enabled], [false, false])
        assert.match(row!.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
        assert.deepStrictEqual(yield* Deliveries.claim({ owner: "w2", limit: 10, leaseMillis: 30_000 }), [])
        assert.strictEqual(yield* Deliveries.nextDueIn, undefined)
      }).pipe(Effect.provide(layer()))
    )

    it.effect("tells how long until the next claimable delivery is due", () =>
      Effect.gen(function* () {
        yield* setup
        assert.strictEqual(yield* Deliveries.nextDueIn, undefined)
        yield* endpoint(tenant, "whk_all", ["*"])
        yield* message(tenant, "msg_1", "customer.created")
        yield* Deliveries.fanOut(10)
        assert.strictEqual(yield* Deliveries.nextDueIn, 0)
        const [delivery] = yield* Deliveries.claim({ owner: "w1", limit: 1, leaseMillis: 30_000 })
        const leased = yield* Deliveries.nextDueIn
        assert.isTrue(leased !== undefined && leased > 29_000 && leased <= 30_000, String(leased))
        yield* Deliveries.finish({
          tenantId: tenant,
          deliveryId: delivery!.id,
          endpointId: "whk_all",
          owner: "w1",
          attempt: { at: new Date(), status: 500, durationMs: 3 },
          next: { _tag: "Retry", afterMillis: 5_000 }
        })
        const retry = yield* Deliveries.nextDueIn
        assert.isTrue(retry !== undefined && retry > 4_000 && retry <= 5_000, String(retry))
      }).pipe(Effect.provide(layer()))
    )

    it.effect("records many attempts in one statement, skipping those whose lease was lost", () =>
      Effect.gen(function* () {
        yield* setup
        yield* endpoint(tenant, "whk_all", ["*"])
        for (let i = 0; i < 3; i++) yield* message(tenant, `msg_${i}`, "customer.created")
        yield* Deliveries.fanOut(10)
        const claimed = yield* Deliveries.claim({ owner: "w1", limit: 3, leaseMillis: 30_000 })
        const db = yield* Database
        yield* db.query(sql`update deliveries set lease_owner = 'w2' where id = ${claimed[1]!.id}`)
        const item = (index: number, next: Deliveries.Next) => ({
          tenantId: tenant,
          deliveryId: claimed[index]!.id,
          endpointId: "whk_all",
          owner: "w1",
          attempt: { at: new Date(), status: 200, durationMs: 4, responseSnippet: "ok" },
          next
        })
        const recorded = yield* Deliveries.finishMany([
          item(0, { _tag: "Succeeded" }),
          item(1, { _tag: "Succeeded" }),
          item(2, { _tag: "Retry", afterMillis: 60_000 })
        ])
        assert.deepStrictEqual(recorded, [true, false, true])
        const rows = yield* db.query<{ id: string; status: string; attempts: number }>(sql`
          select d.id, d.status, (select count(*)::int from delivery_attempts a where a.delivery_id = d.id) as attempts
          from deliveries d order by d.id`)
        const byId = new Map(rows.map((row) => [row.id, [row.status, row.attempts]]))
        assert.deepStrictEqual(byId.get(claimed[0]!.id), ["succeeded", 1])
        assert.deepStrictEqual(byId.get(claimed[1]!.id), ["pending", 0])
        assert.deepStrictEqual(byId.get(claimed[2]!.id), ["pending", 1])
      }).pipe(Effect.provide(layer()))
    )

    it.effect("fans a message out only to endpoints that existed when it happened", () =>
      Effect.gen(function* () {
        yield* setup
        yield* message(tenant, "msg_old", "customer.created")
        const db = yield* Database
        yield* db.query(sql`update outbox_messages set occurred_at = now() - interval '1 minute' where id = 'msg_old'`)
        yield* endpoint(tenant, "whk_new", ["*"])
        yield* message(tenant, "msg_new", "customer.created")
        assert.strictEqual(yield* Deliveries.fanOut(10), 2)
        const claimed = yield* Deliveries.claim({ owner: "w1", limit: 10, leaseMillis: 30_000 })
        assert.deepStrictEqual(
          claimed.map((delivery) => delivery.messageId),
          ["msg_new"]
        )
      }).pipe(Effect.provide(layer()))
    )

    it.effect("wakes a listener when a message is appended and its transaction commits", () =>
      Effect.gen(function* () {
        const db = yield* Database
        const woken = yield* Deferred.make<void>()
        yield* db.listen(Deliveries.channel, () => Deferred.doneUnsafe(woken, Effect.void))
        yield* db.transaction(Effect.orDie(db.query(sql`select pg_notify(${Deliveries.channel}, '')`)))
        yield* Deferred.await(woken).pipe(Effect.timeout("5 seconds"))
      }).pipe(Effect.scoped, Effect.provide(layer()))
    )
  })
}
