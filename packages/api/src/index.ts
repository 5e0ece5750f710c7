/**
 * @patron/api: the tRPC router of Patron and its types, for the server and for frontend teams.
 */
export type { Context, Principal, Runner, Services } from "./Context.ts"
export * as Failure from "./Failure.ts"
export * as OpenApi from "./OpenApi.ts"
export * as Procedures from "./Procedures.ts"
export { type AppRouter, appRouter, type RouterInputs, type RouterOutputs } from "./router.ts"
export { createCallerFactory } from "./trpc.ts"
