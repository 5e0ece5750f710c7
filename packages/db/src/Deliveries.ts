/**
 * Webhook deliveries: the worker's side of the outbox. Fan-out turns each outbox message into one delivery per enabled
 * endpoint of its tenant whose events match and which existed when the event happened; workers claim due deliveries with `FOR UPDATE SKIP LOCKED` and a lease,
 * so several processes share the work without sending one delivery twice while leases hold, and the work of a crashed
 * worker is claimed again once its lease expires. Times come from the database clock, shared by every process.
 *
 * A claim counts the attempt it starts, so a delivery whose worker keeps dying still runs out of attempts; when a
 * claim takes over an expired lease it logs the lost attempt as interrupted.
 *
 * `layer` is the domain's DeliveryQueue over these statements: it decodes each claimed message as the event the
 * outbox encoded (`DomainEvent.toJson`, or the test event) and the endpoint's secrets, and hands a row that does not
 * decode to the worker as `Unreadable` rather than failing the whole claim.
 */
import { type DeliveryOutcome, DeliveryQueue, Ids, type Tenant, type Webhook, WebhookSecret } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { Database } from "./Database.ts"
import { channel } from "./Outbox.ts"
import { deliveries, deliveryAttempts, outboxMessages, webhookEndpoints } from "./schema.ts"
import * as Turns from "./Turns.ts"

export { channel }

/** A delivery a worker holds the lease of, with the message it carries and where it goes. */
export interface ClaimedDelivery {
  readonly tenantId: string
  readonly id: string
  readonly endpointId: string
  readonly messageId: string
  readonly eventType: string
  /** The number of the attempt this claim starts, counted over the delivery's life. */
  readonly attemptCount: number
  /** The number of this attempt in the current round of the retry schedule (a redelivery starts a new round). */
  readonly attemptInRound: number
  /** The message as stored: `{ type, data }`. */
  readonly payload: unknown
  readonly occurredAt: Date
  readonly endpoint: {
    readonly url: string
    readonly headers: Readonly<Record<string, string>>
    /** The endpoint's secrets as stored (`WebhookSecret.LiveSecrets` encoded). */
    readonly secrets: unknown
  }
}

/** What one attempt to send a delivery gave. */
export interface Attempt {
  readonly at: Date
  readonly status?: number
  readonly durationMs: number
  readonly responseSnippet?: string
  readonly error?: string
}

/** How a delivery goes on after an attempt. */
export type Next = DeliveryOutcome.Next

/** The error logged for an attempt whose worker stopped before finishing it. */
export const interruptedError = "interrupted: the worker sending it stopped before it finished (its lease expired)"

const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value)

/** Fans out up to `limit` messages into deliveries; returns how many messages it fanned out. */
export const fanOut = (limit: number) =>
  Effect.gen(function* () {
    const db = yield* Database
    const ids = yield* Ids.Ids
    return yield* db.transaction(
      Effect.gen(function* () {
        const messages = yield* db.query<{ tenant_id: string; id: string; type: string }>(sql`
          select tenant_id, id, type from ${outboxMessages}
          where fanned_out_at is null order by position limit ${limit} for update skip locked`)
        if (messages.length === 0) return 0
        const messageIds = sql.join(
          messages.map((message) => sql`${message.id}`),
          sql`, `
        )
        const targets = yield* db.query<{
          tenant_id: string
          message_id: string
          type: string
          endpoint_id: string
        }>(sql`
          select m.tenant_id, m.id as message_id, m.type, e.id as endpoint_id
          from ${outboxMessages} m
          join ${webhookEndpoints} e on e.tenant_id = m.tenant_id and e.enabled
            and (e.document->'events' ? m.type or e.document->'events' ? '*')
            -- An endpoint hears what happens from its creation on, not older messages still waiting for fan-out.
            and e.created_at <= m.occurred_at
          where m.id in (${messageIds})
          order by m.position, e.id`)
        if (targets.length > 0) {
          const rows: Array<SQL> = []
          for (const target of targets) {
            const id = yield* ids.make("delivery")
            rows.push(
              sql`(${target.tenant_id}, ${id}, ${target.endpoint_id}, ${target.message_id}, ${target.type}, 'pending', now(), date_trunc('milliseconds', now()))`
            )
          }
          yield* db.query(sql`
            insert into ${deliveries} (tenant_id, id, endpoint_id, message_id, event_type, status, next_attempt_at, created_at)
            values ${sql.join(rows, sql`, `)}`)
        }
        yield* db.query(sql`update ${outboxMessages} set fanned_out_at = now() where id in (${messageIds})`)
        return messages.length
      })
    )
  }).pipe(Effect.orDie)

/** Claims up to `limit` due deliveries for `owner` with a lease of `leaseMillis`. */
export const claim = (options: { readonly owner: string; readonly limit: number; readonly leaseMillis: number }) =>
  Effect.gen(function* () {
    const db = yield* Database
    const rows = yield* db.query<{
      tenant_id: string
      id: string
      endpoint_id: string
      message_id: string
      event_type: string
      attempt_count: number
      round_start: number
      payload: unknown
      occurred_at: Date
      document: unknown
      secrets: unknown
    }>(sql`
      with due as (
        select d.tenant_id, d.id, d.lease_owner as previous_owner, d.attempt_count as previous_count
        from ${deliveries} d
        join ${webhookEndpoints} e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id and e.enabled
        where d.status = 'pending' and d.next_attempt_at <= now() and (d.lease_until is null or d.lease_until < now())
        order by d.next_attempt_at, d.id
        limit ${options.limit}
        for update of d skip locked
      ),
      interrupted as (
        insert into ${deliveryAttempts} (tenant_id, delivery_id, attempt, at, duration_ms, error)
        select tenant_id, id, previous_count, now(), 0, ${interruptedError} from due
        where previous_owner is not null and previous_count > 0
        on conflict do nothing
      ),
      claimed as (
        update ${deliveries} d
        set lease_owner = ${options.owner}, lease_until = now() + make_interval(secs => ${options.leaseMillis / 1000}),
            attempt_count = d.attempt_count + 1
        from due where d.tenant_id = due.tenant_id and d.id = due.id
        returning d.tenant_id, d.id, d.endpoint_id, d.message_id, d.event_type, d.attempt_count, d.round_start
      )
      select c.*, m.payload, m.occurred_at, e.document::text as document, e.secrets::text as secrets
      from claimed c
      join ${outboxMessages} m on m.id = c.message_id
      join ${webhookEndpoints} e on e.tenant_id = c.tenant_id and e.id = c.endpoint_id`)
    // The endpoint's document and secrets come as text, read once per endpoint of the batch: its deliveries share
    // them (and `toClaimedBatch` decodes the shared secrets once).
    const parsed = new Map<unknown, unknown>()
    const once = (text: unknown) => {
      if (!parsed.has(text)) parsed.set(text, json(text))
      return parsed.get(text)
    }
    return rows.map((row): ClaimedDelivery => {
      const document = once(row.document) as { url: string; headers?: Record<string, string> }
      return {
        tenantId: row.tenant_id,
        id: row.id,
        endpointId: row.endpoint_id,
        messageId: row.message_id,
        eventType: row.event_type,
        attemptCount: Number(row.attempt_count),
        attemptInRound: Number(row.attempt_count) - Number(row.round_start),
        payload: json(row.payload),
        occurredAt: new Date(row.occurred_at),
        endpoint: { url: document.url, headers: document.headers ?? {}, secrets: once(row.secrets) }
      }
    })
  }).pipe(Effect.orDie)

const statusAfter = { Succeeded: "succeeded", Gone: "failed", Failed: "failed", Retry: "pending" } as const

/** One attempt to record with `finish`. */
export interface Finished {
  readonly tenantId: string
  readonly deliveryId: string
  readonly endpointId: string
  readonly owner: string
  readonly attempt: Attempt
  readonly next: Next
}

/**
 * Text as a text parameter would store it: a lone surrogate (a snippet cut inside a pair) becomes U+FFFD rather than
 * an escape jsonb refuses.
 */
const storable = (text: string | undefined) => (text === undefined ? null : Buffer.from(text, "utf8").toString("utf8"))

/** One attempt as a row of `finishMany`'s input, all of them passed as one jsonb parameter. */
const inputRow = ({ tenantId, deliveryId, endpointId, owner, attempt, next }: Finished) => ({
  tenant_id: tenantId,
  id: deliveryId,
  endpoint_id: endpointId,
  owner,
  status: statusAfter[next._tag],
  next_millis: next._tag === "Retry" ? Math.max(0, next.afterMillis) : null,
  gone: next._tag === "Gone",
  at: attempt.at.toISOString(),
  http_status: attempt.status ?? null,
  duration_ms: Math.round(attempt.durationMs),
  snippet: storable(attempt.responseSnippet),
  error: storable(attempt.error)
})

/**
 * Records attempts and how their deliveries go on, for those whose lease the owner still holds; returns, in order,
 * whether each was recorded (false: the lease was lost to another worker, and nothing of it is written). `Gone` also
 * disables the endpoint, which stops its other deliveries until it is enabled again. One statement for all of them,
 * so a busy worker commits many attempts at once, and each is written whole or not at all; the attempts travel as one
 * jsonb parameter rather than a dozen parameters each.
 */
export const finishMany = (items: ReadonlyArray<Finished>) =>
  Effect.gen(function* () {
    if (items.length === 0) return []
    const db = yield* Database
    const rows = yield* db.query<{ id: string }>(sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(items.map(inputRow))}::jsonb) as i(tenant_id text, id text,
          endpoint_id text, owner text, status text, next_millis float8, gone boolean, at timestamptz, http_status int,
          duration_ms int, snippet text, error text)
      ),
      finished as (
        update ${deliveries} d
        set status = i.status, lease_owner = null, lease_until = null,
            next_attempt_at = case when i.next_millis is null then null
                                   else now() + make_interval(secs => i.next_millis / 1000) end
        from input i
        where d.tenant_id = i.tenant_id and d.id = i.id and d.lease_owner = i.owner
        returning d.tenant_id, d.id, d.attempt_count
      ),
      recorded as (
        insert into ${deliveryAttempts} (tenant_id, delivery_id, attempt, at, status, duration_ms, response_snippet, error)
        select f.tenant_id, f.id, f.attempt_count, i.at, i.http_status, i.duration_ms, i.snippet, i.error
        from finished f join input i on i.tenant_id = f.tenant_id and i.id = f.id
        on conflict (tenant_id, delivery_id, attempt) do update
        set at = excluded.at, status = excluded.status, duration_ms = excluded.duration_ms,
            response_snippet = excluded.response_snippet, error = excluded.error
      ),
      disabled as (
        update ${webhookEndpoints} e
        set enabled = false,
            document = e.document || jsonb_build_object('enabled', false, 'updatedAt',
              to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        from input i
        where i.gone and e.tenant_id = i.tenant_id and e.id = i.endpoint_id
          and exists (select 1 from finished f where f.tenant_id = i.tenant_id and f.id = i.id)
      )
      select id from finished`)
    const recorded = new Set(rows.map((row) => row.id))
    return items.map((item) => recorded.has(item.deliveryId))
  }).pipe(Effect.orDie)

/** Records one attempt (see `finishMany`); false when the owner's lease was lost. */
export const finish = (item: Finished) => Effect.map(finishMany([item]), (recorded) => recorded[0] === true)

/**
 * A live worker's heartbeat: extends by `leaseMillis` the leases `owner` holds on the deliveries it is sending (`held`)
 * and gives back, uncounting their attempts, any other lease under its name. Those are claims whose answer never
 * reached the worker (the connection broke after the claim committed) and deliveries whose attempt it could not
 * record; renewing them with the rest would keep them from every worker for as long as this one lives.
 */
export const keepLeases = (options: {
  readonly owner: string
  readonly held: ReadonlyArray<string>
  readonly leaseMillis: number
}) =>
  Effect.gen(function* () {
    const db = yield* Database
    const held = JSON.stringify(options.held)
    yield* db.query(sql`
      with held as (select jsonb_array_elements_text(${held}::jsonb) as id),
      renewed as (
        update ${deliveries} set lease_until = now() + make_interval(secs => ${options.leaseMillis / 1000})
        where lease_owner = ${options.owner} and id in (select id from held)
      )
      update ${deliveries} set lease_owner = null, lease_until = null, attempt_count = attempt_count - 1
      where lease_owner = ${options.owner} and id not in (select id from held)`)
  }).pipe(Effect.orDie)

/**
 * Gives back the leases `owner` holds on deliveries it has not sent (a worker shutting down), uncounting the attempts
 * their claims counted, so other workers claim them at once.
 */
export const releaseLeases = (owner: string) => keepLeases({ owner, held: [], leaseMillis: 0 })

/**
 * Milliseconds until the next delivery a worker could claim is due (0 when one is due now), or undefined when none is
 * pending: deliveries under another worker's lease are due when it expires, those of disabled endpoints never.
 */
export const nextDueIn = Effect.gen(function* () {
  const db = yield* Database
  const rows = yield* db.query<{ wait: number | string | null }>(sql`
    select extract(epoch from min(greatest(d.next_attempt_at, coalesce(d.lease_until, d.next_attempt_at))) - now()) * 1000
      as wait
    from (select * from ${deliveries} where status = 'pending' order by next_attempt_at limit 100) d
    join ${webhookEndpoints} e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id and e.enabled`)
  const wait = rows[0]?.wait
  return wait === null || wait === undefined ? undefined : Math.max(0, Number(wait))
}).pipe(Effect.orDie)

const decodeEvent = Schema.decodeUnknownOption(DeliveryQueue.DeliveredEvent)
const decodeSecrets = Schema.decodeUnknownOption(WebhookSecret.LiveSecrets)

/**
 * A claimed row in the domain's terms: sendable when its message and secrets decode, `Unreadable` otherwise. The
 * message is decoded to check it (the body carries its data as stored); `secretsOf` decodes the endpoint's secrets.
 */
export const toClaimed = (
  row: ClaimedDelivery,
  secretsOf: (stored: unknown) => Option.Option<WebhookSecret.LiveSecrets> = decodeSecrets
): DeliveryQueue.Claimed => {
  const held: DeliveryQueue.Claim = {
    tenantId: row.tenantId as Tenant.TenantId,
    id: row.id as Webhook.DeliveryId,
    endpointId: row.endpointId as Webhook.WebhookEndpointId,
    messageId: row.messageId as DeliveryQueue.Claim["messageId"],
    attemptCount: row.attemptCount,
    attemptInRound: row.attemptInRound
  }
  const event = decodeEvent(row.payload)
  if (Option.isNone(event)) return { ...held, _tag: "Unreadable", unreadable: "message" }
  const secrets = secretsOf(row.endpoint.secrets)
  if (Option.isNone(secrets)) return { ...held, _tag: "Unreadable", unreadable: "secrets" }
  return {
    ...held,
    _tag: "Claimed",
    event: event.value,
    data: (row.payload as { readonly data: unknown }).data,
    occurredAt: DateTime.fromDateUnsafe(row.occurredAt),
    endpoint: { url: row.endpoint.url, headers: row.endpoint.headers, secrets: secrets.value }
  }
}

/** The rows of one claim in the domain's terms, decoding the secrets its deliveries share once (see `claim`). */
export const toClaimedBatch = (rows: ReadonlyArray<ClaimedDelivery>): ReadonlyArray<DeliveryQueue.Claimed> => {
  const decoded = new Map<unknown, Option.Option<WebhookSecret.LiveSecrets>>()
  const secretsOf = (stored: unknown) => {
    let secrets = decoded.get(stored)
    if (secrets === undefined) {
      secrets = decodeSecrets(stored)
      decoded.set(stored, secrets)
    }
    return secrets
  }
  return rows.map((row) => toClaimed(row, secretsOf))
}

const toFinished = (item: DeliveryQueue.Finished): Finished => ({
  ...item,
  attempt: { ...item.attempt, at: DateTime.toDateUtc(item.attempt.at) }
})

/**
 * The domain's DeliveryQueue over the Database service (and Ids, for the deliveries fan-out makes). Its statements
 * wait in the worker's lane of PGlite's one connection (see Turns), taking turns with the API's.
 */
export const layer = Layer.effect(DeliveryQueue.DeliveryQueue)(
  Effect.gen(function* () {
    const context = yield* Effect.context<Database | Ids.Ids>()
    const db = yield* Database
    const run = <A>(effect: Effect.Effect<A, never, Database | Ids.Ids>) =>
      effect.pipe(Effect.provideService(Turns.CurrentLane, "worker"), Effect.provideContext(context))
    return DeliveryQueue.DeliveryQueue.of({
      fanOut: (limit) => run(fanOut(limit)),
      claim: (options) => run(Effect.map(claim(options), toClaimedBatch)),
      record: (attempts) => run(finishMany(attempts.map(toFinished))),
      keepLeases: (options) => run(keepLeases(options)),
      releaseLeases: (owner) => run(releaseLeases(owner)),
      nextDueIn: run(nextDueIn),
      onNewWork: (onNewWork) => db.listen(channel, onNewWork)
    })
  })
)
