/**
 * The app router: the procedure catalogue of API.md.
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server"
import { access } from "./routers/access.ts"
import { customers } from "./routers/customers.ts"
import { imports } from "./routers/imports.ts"
import { orders } from "./routers/orders.ts"
import { subscriptionContracts } from "./routers/subscriptionContracts.ts"
import { usage } from "./routers/usage.ts"
import { webhooks } from "./routers/webhooks.ts"
import { router } from "./trpc.ts"

export const appRouter = router({ customers, imports, orders, subscriptionContracts, usage, webhooks, access })

export type AppRouter = typeof appRouter
export type RouterInputs = inferRouterInputs<AppRouter>
export type RouterOutputs = inferRouterOutputs<AppRouter>
