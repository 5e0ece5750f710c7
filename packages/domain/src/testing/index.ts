/**
 * @patron/domain/testing: in-memory adapters of every port, for tests.
 */
export * as InMemory from "./InMemory.ts"
export * as Keyset from "./Keyset.ts"
