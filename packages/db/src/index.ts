/**
 * @patron/db: the Postgres adapter of Patron's ports, on embedded PGlite or PostgreSQL.
 */

export * as AccessChanges from "./AccessChanges.ts"
export * as ApiTokenRepository from "./ApiTokenRepository.ts"
export * as BulkLoad from "./BulkLoad.ts"
export * as CustomerListing from "./CustomerListing.ts"
export * as CustomerRepository from "./CustomerRepository.ts"
export { Database, layerPGlite, layerPostgres } from "./Database.ts"
export * as Deliveries from "./Deliveries.ts"
export * as DeliveryLog from "./DeliveryLog.ts"
export { migrate } from "./Migrator.ts"
export * as OrderRepository from "./OrderRepository.ts"
export * as Outbox from "./Outbox.ts"
export * as Persistence from "./Persistence.ts"
export * as RoleRepository from "./RoleRepository.ts"
export * as SecretsLive from "./Secrets.ts"
export { DatabaseUnavailable, SqlError } from "./SqlError.ts"
export * as SubscriptionContractRepository from "./SubscriptionContractRepository.ts"
export * as Tenants from "./Tenants.ts"
export * as TransactionsLive from "./Transactions.ts"
export * as UsageRepository from "./UsageRepository.ts"
export * as WebhookEndpointRepository from "./WebhookEndpointRepository.ts"
