/**
 * What each procedure answers, for the API reference (`Reference.ts`, `OpenApi.ts`): a one-line summary, the Schema of
 * its output as JSON (procedures declare no output validator: the answer is the record encoded by its domain Schema, as
 * `Encode.ts` and the routers build it) and the domain failures its use case can answer. Each failure list is checked
 * against its use case's error type at compile time: a tag missing or one too many does not compile.
 */
import {
  Access,
  ApiToken,
  Customer,
  CustomerBatchUpserts,
  CustomerImport,
  CustomerImports,
  Customers,
  CustomerUpsert,
  CustomerUpserts,
  type DomainError,
  DomainEvent,
  Order,
  Orders,
  Page,
  Permission,
  Role,
  SubscriptionContract,
  SubscriptionContracts,
  Usage,
  UsageRecords,
  UsageSummary,
  Webhook,
  Webhooks
} from "@patron/domain"
import { type Effect, Schema } from "effect"

/** What the reference says about one procedure beyond what the router declares. */
export interface Answer {
  readonly summary: string
  readonly output: Schema.Top
  readonly failures: ReadonlyArray<DomainError.Tag>
}

type Tags<F> = F extends (...args: never) => Effect.Effect<unknown, infer E, unknown>
  ? E extends { readonly _tag: infer T extends DomainError.Tag }
    ? T
    : never
  : never

/** The failures of `useCase`, listed exactly: a missing tag asks for a second argument naming it, and fails. */
const failuresOf =
  <F>(_useCase: F) =>
  <const T extends ReadonlyArray<Tags<F>>>(
    tags: T,
    ..._exact: [Tags<F>] extends [T[number]] ? [] : [missing: Exclude<Tags<F>, T[number]>]
  ): ReadonlyArray<DomainError.Tag> =>
    tags

const named = <S extends Schema.Top>(schema: S, identifier: string) => schema.annotate({ identifier })

const CustomerJson = named(Customer.Customer, "Customer")
const OrderJson = named(Order.Order, "Order")
const CreatedOrderJson = named(
  Schema.Struct({ ...Order.Order.fields, customerCreated: Schema.Boolean }),
  "CreatedOrder"
)
const ContractJson = named(SubscriptionContract.SubscriptionContract, "SubscriptionContract")
const UsageRecordJson = named(Usage.UsageRecord, "UsageRecord")
/** An endpoint as reads show it: each header value hidden (`Bearer ••••`, `••••`), as `Encode.endpoint` writes it. */
const EndpointJson = named(
  Schema.Struct({
    ...Webhook.WebhookEndpoint.fields,
    headers: Schema.optionalKey(
      Schema.Record(Schema.String, Schema.String).annotate({
        description: "header values hidden (Bearer ••••), except those the answered write itself sent"
      })
    )
  }),
  "WebhookEndpoint"
)
const DeliveryJson = named(Webhook.Delivery, "Delivery")
const RoleJson = named(Role.Role, "Role")
const TokenJson = named(ApiToken.ApiToken, "ApiToken")
const DeletionOutcome = named(
  Schema.Struct({ preservedOrderCount: Schema.Int, deletedSubscriptionContractIds: Schema.Array(Schema.String) }),
  "DeletionOutcome"
)
const Deleted = Schema.Struct({ id: Schema.String })
const page = (item: Schema.Top) => Page.schema(item)
const withSecret = <F extends Schema.Struct.Fields>(record: Schema.Struct<F>, identifier: string) =>
  named(Schema.Struct({ ...record.fields, secret: Schema.String }), identifier)

const none: ReadonlyArray<DomainError.Tag> = []

/** Every procedure of the router, by its dotted name. */
export const answers: Readonly<Record<string, Answer>> = {
  "customers.list": {
    summary: "Lists customers, filtered and searched, one page at a time.",
    output: page(CustomerJson),
    failures: failuresOf(Customers.list)(["CursorInvalid"])
  },
  "customers.get": {
    summary: "Reads one customer by id, identifier or external reference.",
    output: CustomerJson,
    failures: failuresOf(Customers.read)(["CustomerNotFound"])
  },
  "customers.create": {
    summary: "Creates a customer; emits customer.created.",
    output: CustomerJson,
    failures: failuresOf(Customers.create)(["InputInvalid", "IdentifierTaken", "ExternalReferenceTaken"])
  },
  "customers.update": {
    summary: "Patches a customer (meta and external references merge key by key); emits customer.updated.",
    output: CustomerJson,
    failures: failuresOf(Customers.update)([
      "InputInvalid",
      "VersionConflict",
      "CustomerNotFound",
      "IdentifierTaken",
      "ExternalReferenceTaken"
    ])
  },
  "customers.upsert": {
    summary:
      "Creates the customer its match (identifier or one external reference) finds nobody for, or patches the one " +
      "it finds with the fields given; unchanged when they already hold what is stored (no write, no event, no " +
      "version bump). Emits customer.created or customer.updated.",
    output: named(Schema.Struct({ customer: CustomerJson, outcome: CustomerUpsert.Outcome }), "UpsertOutcome"),
    failures: failuresOf(CustomerUpserts.upsert)([
      "InputInvalid",
      "VersionConflict",
      "IdentifierTaken",
      "ExternalReferenceTaken"
    ])
  },
  "customers.upsertMany": {
    summary:
      "Upserts 1 to 1,000 rows in one transaction and a fixed number of statements. Each row answers its index, " +
      "outcome (created, updated, unchanged, failed), id, and issues by path from the input (rows.3.customer.email). " +
      "A row fails when it does not decode, matches the same customer as an earlier row, or would take an " +
      "identifier or external reference held by another customer or an earlier row. errorPolicy rejectAll (the " +
      "default) writes nothing when a row fails and answers BAD_REQUEST with every failed row's issues; " +
      "rejectFailedRows writes the other rows.",
    output: named(Schema.Struct({ results: Schema.Array(CustomerUpsert.RowResultJson) }), "UpsertManyResults"),
    failures: failuresOf(CustomerBatchUpserts.upsertMany)([
      "InputInvalid",
      "VersionConflict",
      "IdentifierTaken",
      "ExternalReferenceTaken"
    ])
  },
  "customers.deletionPreview": {
    summary: "What deleting the customer would do: orders kept, subscription contracts deleted. Writes nothing.",
    output: DeletionOutcome,
    failures: failuresOf(Customers.deletionPreview)(["CustomerNotFound"])
  },
  "customers.delete": {
    summary: "Deletes a customer and its contracts, keeping its orders; emits customer.deleted.",
    output: DeletionOutcome,
    failures: failuresOf(Customers.remove)(["CustomerNotFound", "VersionConflict"])
  },
  "orders.create": {
    summary:
      "Records an order of an existing customer (customerId) or of the customer it brings (customer: found by " +
      "identifier, then by external reference, else created, which needs customers:create too and emits " +
      "customer.created); totals are computed; emits order.created. customerCreated says whether it created one.",
    output: CreatedOrderJson,
    failures: failuresOf(Orders.create)([
      "CustomerNotFound",
      "PermissionDenied",
      "InputInvalid",
      "IdentifierTaken",
      "ExternalReferenceTaken"
    ])
  },
  "orders.get": {
    summary: "Reads one order.",
    output: OrderJson,
    failures: failuresOf(Orders.get)(["OrderNotFound"])
  },
  "orders.list": {
    summary: "Lists orders newest first, of one customer or all.",
    output: page(OrderJson),
    failures: failuresOf(Orders.list)(["CursorInvalid"])
  },
  "subscriptionContracts.create": {
    summary: "Creates a subscription contract with its recurring price and metered variables.",
    output: ContractJson,
    failures: failuresOf(SubscriptionContracts.create)(["CustomerNotFound"])
  },
  "subscriptionContracts.get": {
    summary: "Reads one subscription contract with its current period.",
    output: ContractJson,
    failures: failuresOf(SubscriptionContracts.get)(["SubscriptionContractNotFound"])
  },
  "subscriptionContracts.list": {
    summary: "Lists subscription contracts, of one customer or in one state.",
    output: page(ContractJson),
    failures: failuresOf(SubscriptionContracts.list)(["CursorInvalid"])
  },
  "subscriptionContracts.update": {
    summary: "Patches a subscription contract.",
    output: ContractJson,
    failures: failuresOf(SubscriptionContracts.update)([
      "InputInvalid",
      "VersionConflict",
      "SubscriptionContractNotFound",
      "ContractTransitionInvalid"
    ])
  },
  ...Object.fromEntries(
    (["cancel", "pause", "resume", "renew"] as const).map((name) => [
      `subscriptionContracts.${name}`,
      {
        summary: `${name[0]?.toUpperCase()}${name.slice(1)}s a subscription contract (a lifecycle transition).`,
        output: ContractJson,
        failures: failuresOf(SubscriptionContracts.transition)([
          "InputInvalid",
          "VersionConflict",
          "SubscriptionContractNotFound",
          "ContractTransitionInvalid"
        ])
      }
    ])
  ),
  "subscriptionContracts.delete": {
    summary: "Deletes a subscription contract and its usage records.",
    output: Deleted,
    failures: failuresOf(SubscriptionContracts.remove)(["SubscriptionContractNotFound"])
  },
  "usage.record": {
    summary: "Records one usage of a metered variable, idempotent by idempotencyKey.",
    output: UsageRecordJson,
    failures: failuresOf(UsageRecords.record)([
      "InputInvalid",
      "SubscriptionContractNotFound",
      "UsageNotAccepted",
      "IdempotencyKeyReused"
    ])
  },
  "usage.recordBatch": {
    summary: "Records many usages at once, all or none.",
    output: Schema.Struct({ records: Schema.Array(UsageRecordJson) }),
    failures: failuresOf(UsageRecords.recordBatch)([
      "InputInvalid",
      "SubscriptionContractNotFound",
      "UsageNotAccepted",
      "IdempotencyKeyReused"
    ])
  },
  "usage.summary": {
    summary: "The priced usage of a contract's period so far, per metered variable, with its end-of-period forecast.",
    output: named(UsageSummary.UsageSummary, "UsageSummary"),
    failures: failuresOf(UsageRecords.summary)(["InputInvalid", "SubscriptionContractNotFound"])
  },
  "imports.get": {
    summary: "The report of a CSV import of customers: status, counters and the first 1,000 errors by row and column.",
    output: named(CustomerImport.Report, "ImportReport"),
    failures: failuresOf(CustomerImports.get)(["ImportNotFound"])
  },
  "webhooks.eventTypes": {
    summary: "The event catalogue: every event type a webhook endpoint may subscribe to.",
    output: Schema.Array(DomainEvent.EventType),
    failures: none
  },
  "webhooks.create": {
    summary: "Creates a webhook endpoint; its signing secret is in this answer only.",
    output: withSecret(Webhook.WebhookEndpoint, "WebhookEndpointWithSecret"),
    failures: failuresOf(Webhooks.create)(["WebhookUrlRefused"])
  },
  "webhooks.list": {
    summary: "Lists webhook endpoints (header values hidden).",
    output: page(EndpointJson),
    failures: failuresOf(Webhooks.list)(["CursorInvalid"])
  },
  "webhooks.get": {
    summary: "Reads one webhook endpoint (header values hidden).",
    output: EndpointJson,
    failures: failuresOf(Webhooks.get)(["WebhookEndpointNotFound"])
  },
  "webhooks.update": {
    summary: "Patches a webhook endpoint.",
    output: EndpointJson,
    failures: failuresOf(Webhooks.update)(["InputInvalid", "WebhookUrlRefused", "WebhookEndpointNotFound"])
  },
  "webhooks.delete": {
    summary: "Deletes a webhook endpoint and its delivery log.",
    output: Deleted,
    failures: failuresOf(Webhooks.remove)(["WebhookEndpointNotFound"])
  },
  "webhooks.rotateSecret": {
    summary: "Gives an endpoint a new signing secret; the old one keeps signing for 24 hours.",
    output: Schema.Struct({ secret: Schema.String }),
    failures: failuresOf(Webhooks.rotateSecret)(["WebhookEndpointNotFound"])
  },
  "webhooks.deliveries": {
    summary: "The delivery log of an endpoint, newest first, with every attempt.",
    output: page(DeliveryJson),
    failures: failuresOf(Webhooks.deliveries)(["WebhookEndpointNotFound", "CursorInvalid"])
  },
  "webhooks.redeliver": {
    summary: "Sends a delivery's event again, as a new delivery.",
    output: DeliveryJson,
    failures: failuresOf(Webhooks.redeliver)(["DeliveryNotFound"])
  },
  "webhooks.test": {
    summary: "Sends a webhook.test event to an endpoint (at most 10 per endpoint per minute).",
    output: DeliveryJson,
    failures: failuresOf(Webhooks.test)(["WebhookEndpointNotFound", "WebhookTestLimitReached"])
  },
  "access.me": {
    summary: "Who the caller is: tenant, token, role and the permissions it grants.",
    output: Schema.Struct({
      tenantId: Schema.String,
      tokenId: Schema.String,
      role: Schema.String,
      permissions: Schema.Array(Permission.Permission)
    }),
    failures: none
  },
  "access.roles.list": {
    summary: "Lists the tenant's roles.",
    output: Schema.Array(RoleJson),
    failures: failuresOf(Access.listRoles)([])
  },
  "access.roles.create": {
    summary: "Creates a role holding only permissions the caller holds.",
    output: RoleJson,
    failures: failuresOf(Access.createRole)(["RoleNameTaken", "GrantExceedsOwn"])
  },
  "access.roles.update": {
    summary: "Renames a role or changes its permissions, within the caller's own.",
    output: RoleJson,
    failures: failuresOf(Access.updateRole)([
      "RoleNotFound",
      "RoleImmutable",
      "RoleNameTaken",
      "GrantExceedsOwn",
      "RoleOutOfReach",
      "AdminRoleReserved"
    ])
  },
  "access.roles.delete": {
    summary: "Deletes a role no token uses.",
    output: RoleJson,
    failures: failuresOf(Access.deleteRole)([
      "RoleNotFound",
      "RoleImmutable",
      "RoleOutOfReach",
      "AdminRoleReserved",
      "RoleInUse"
    ])
  },
  "access.tokens.list": {
    summary: "Lists the tenant's API tokens (never their secrets).",
    output: Schema.Array(TokenJson),
    failures: failuresOf(Access.listTokens)([])
  },
  "access.tokens.create": {
    summary: "Creates an API token of a role; its secret is in this answer only.",
    output: withSecret(ApiToken.ApiToken, "ApiTokenWithSecret"),
    failures: failuresOf(Access.createToken)(["RoleNotFound", "GrantExceedsOwn", "AdminRoleReserved"])
  },
  "access.tokens.revoke": {
    summary: "Revokes an API token at once.",
    output: TokenJson,
    failures: failuresOf(Access.revokeToken)(["ApiTokenNotFound", "RoleOutOfReach", "AdminRoleReserved"])
  }
}
