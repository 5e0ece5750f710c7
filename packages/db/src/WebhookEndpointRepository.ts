/**
 * The domain's WebhookEndpointRepository on the database: each endpoint is its JSON document beside the `enabled`
 * column fan-out filters on, with its signing secrets in a column of their own that listings never read. Deleting an
 * endpoint deletes its deliveries and their attempts by foreign key cascade.
 */
import { Page, type Tenant, Webhook, WebhookEndpointRepository, WebhookSecret } from "@patron/domain"
import { type SQL, sql } from "drizzle-orm"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { Database } from "./Database.ts"
import * as NewestFirst from "./NewestFirst.ts"
import { webhookEndpoints } from "./schema.ts"

const decodeEndpoint = (document: unknown) =>
  Schema.decodeUnknownEffect(Webhook.WebhookEndpoint)(document).pipe(Effect.orDie)
const decodeSecrets = (secrets: unknown) =>
  Schema.decodeUnknownEffect(WebhookSecret.LiveSecrets)(secrets).pipe(Effect.orDie)
const endpointJson = (endpoint: Webhook.WebhookEndpoint) =>
  sql`${JSON.stringify(Schema.encodeSync(Webhook.WebhookEndpoint)(endpoint))}::jsonb`
const secretsJson = (secrets: WebhookSecret.LiveSecrets) =>
  sql`${JSON.stringify(Schema.encodeSync(WebhookSecret.LiveSecrets)(secrets))}::jsonb`

/** Webhook endpoints over the Database service. */
export const layer = Layer.effect(WebhookEndpointRepository)(
  Effect.gen(function* () {
    const db = yield* Database

    /** Runs a statement that names one endpoint by `returning id`; fails with WebhookEndpointNotFound if none. */
    const changeOne = (id: Webhook.WebhookEndpointId, statement: SQL) =>
      db.query(statement).pipe(
        Effect.orDie,
        Effect.flatMap((rows) =>
          rows.length === 0 ? Effect.fail(new Webhook.WebhookEndpointNotFound({ id })) : Effect.void
        )
      )
    const where = (tenant: Tenant.TenantId, id: Webhook.WebhookEndpointId) => sql`tenant_id = ${tenant} and id = ${id}`

    return WebhookEndpointRepository.of({
      insert: (tenant, endpoint, secrets) =>
        db
          .query(sql`
            insert into ${webhookEndpoints} (tenant_id, id, enabled, secrets, created_at, document)
            values (${tenant}, ${endpoint.id}, ${endpoint.enabled}, ${secretsJson(secrets)},
                    ${DateTime.formatIso(endpoint.createdAt)}::timestamptz, ${endpointJson(endpoint)})`)
          .pipe(Effect.asVoid, Effect.orDie),
      update: (tenant, endpoint) =>
        changeOne(
          endpoint.id,
          sql`update ${webhookEndpoints} set enabled = ${endpoint.enabled}, document = ${endpointJson(endpoint)}
              where ${where(tenant, endpoint.id)} returning id`
        ),
      setSecrets: (tenant, id, secrets) =>
        changeOne(
          id,
          sql`update ${webhookEndpoints} set secrets = ${secretsJson(secrets)} where ${where(tenant, id)} returning id`
        ),
      find: (tenant, id, options) =>
        db
          .query<{ document: unknown; secrets: unknown }>(
            // `no key update`: changes take turns, while fan-out (which only references the row) still adds deliveries.
            sql`select document, secrets from ${webhookEndpoints} where ${where(tenant, id)}
                ${options?.lock === "update" ? sql`for no key update` : sql``}`
          )
          .pipe(
            Effect.orDie,
            Effect.flatMap((rows) => {
              const row = rows[0]
              if (row === undefined) return Effect.succeedNone
              return Effect.all({ endpoint: decodeEndpoint(row.document), secrets: decodeSecrets(row.secrets) }).pipe(
                Effect.map(Option.some)
              )
            })
          ),
      list: (tenant, query) =>
        Effect.gen(function* () {
          const limit = query.limit ?? Page.defaultLimit
          const conditions: Array<SQL> = [sql`tenant_id = ${tenant}`]
          if (query.cursor !== undefined) {
            const after = yield* NewestFirst.after(query.cursor)
            conditions.push(sql`(created_at, id) < (${after.at}::timestamptz, ${after.id})`)
          }
          const rows = yield* db
            .query<{ document: unknown }>(sql`
              select document from ${webhookEndpoints} where ${sql.join(conditions, sql` and `)}
              order by created_at desc, id desc limit ${limit + 1}`)
            .pipe(Effect.orDie)
          const decoded = yield* Effect.forEach(rows, (row) => decodeEndpoint(row.document))
          return NewestFirst.page(decoded, limit)
        }),
      remove: (tenant, id) =>
        changeOne(id, sql`delete from ${webhookEndpoints} where ${where(tenant, id)} returning id`)
    })
  })
)
