/**
 * @patron/domain/testing: in-memory adapters of every port, for tests.
 */
export * as InMemory from "./InMemory.ts"
export * as InMemoryAccess from "./InMemoryAccess.ts"
export * as InMemoryImports from "./InMemoryImports.ts"
export * as InMemoryWebhooks from "./InMemoryWebhooks.ts"
export * as Keyset from "./Keyset.ts"
export * as Samples from "./Samples.ts"
