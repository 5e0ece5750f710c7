/**
 * The webhook endpoint store. An endpoint's signing secrets are kept beside it, never inside the record the API lists;
 * removing an endpoint removes its deliveries and their attempts with it.
 */
import { Context, type Effect, type Option } from "effect"
import type * as Page from "../Page.ts"
import type { TenantId } from "../Tenant.ts"
import type * as Webhook from "../Webhook.ts"
import type * as WebhookSecret from "../WebhookSecret.ts"

/** An endpoint with the secrets it signs deliveries with. */
export interface StoredEndpoint {
  readonly endpoint: Webhook.WebhookEndpoint
  readonly secrets: WebhookSecret.LiveSecrets
}

/** The query of `webhooks.list`: newest first. */
export interface EndpointQuery {
  readonly cursor?: string
  readonly limit?: number
}

/** Reads and writes webhook endpoints of one tenant at a time. */
export class WebhookEndpointRepository extends Context.Service<
  WebhookEndpointRepository,
  {
    /** Stores a new endpoint with its secrets. */
    readonly insert: (
      tenant: TenantId,
      endpoint: Webhook.WebhookEndpoint,
      secrets: WebhookSecret.LiveSecrets
    ) => Effect.Effect<void>
    /** Replaces an endpoint's record, keeping its secrets. */
    readonly update: (
      tenant: TenantId,
      endpoint: Webhook.WebhookEndpoint
    ) => Effect.Effect<void, Webhook.WebhookEndpointNotFound>
    /** Replaces an endpoint's secrets (a rotation). */
    readonly setSecrets: (
      tenant: TenantId,
      id: Webhook.WebhookEndpointId,
      secrets: WebhookSecret.LiveSecrets
    ) => Effect.Effect<void, Webhook.WebhookEndpointNotFound>
    /**
     * Finds an endpoint and its secrets by id. Inside a transaction, `lock: "update"` holds its row until the
     * transaction ends, so changes that read it first (updates, rotations, test events) take turns.
     */
    readonly find: (
      tenant: TenantId,
      id: Webhook.WebhookEndpointId,
      options?: { readonly lock?: "update" }
    ) => Effect.Effect<Option.Option<StoredEndpoint>>
    /** One page of endpoints, newest first. */
    readonly list: (
      tenant: TenantId,
      query: EndpointQuery
    ) => Effect.Effect<Page.Page<Webhook.WebhookEndpoint>, Page.CursorInvalid>
    /** Deletes an endpoint together with its deliveries. */
    readonly remove: (
      tenant: TenantId,
      id: Webhook.WebhookEndpointId
    ) => Effect.Effect<void, Webhook.WebhookEndpointNotFound>
  }
>()("@patron/domain/WebhookEndpointRepository") {}
