/**
 * The app router: the procedure catalogue of API.md.
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server"
import { customers } from "./routers/customers.ts"
import { orders } from "./routers/orders.ts"
import { subscriptionContracts } from "./routers/subscriptionContracts.ts"
import { usage } from "./routers/usage.ts"
import { router } from "./trpc.ts"

export const appRouter = router({ customers, orders, subscriptionContracts, usage })

export type AppRouter = typeof appRouter
export type RouterInputs = inferRouterInputs<AppRouter>
export type RouterOutputs = inferRouterOutputs<AppRouter>
