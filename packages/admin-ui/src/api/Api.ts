/**
 * The typed tRPC client of the admin: `AppRouter` from `@patron/api` through `@trpc/tanstack-react-query`, and the
 * shapes the screens read, inferred from the router so they follow the API.
 */
import type { AppRouter, RouterInputs, RouterOutputs } from "@patron/api"
import { createTRPCClient, httpBatchLink } from "@trpc/client"
import { createTRPCContext } from "@trpc/tanstack-react-query"

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

export type Customer = RouterOutputs["customers"]["get"]
export type CustomerCreate = RouterInputs["customers"]["create"]
export type CustomerPatch = RouterInputs["customers"]["update"]["patch"]
export type CustomerListQuery = RouterInputs["customers"]["list"]
export type DeletionPreview = RouterOutputs["customers"]["deletionPreview"]
export type Order = RouterOutputs["orders"]["get"]
export type SubscriptionContract = RouterOutputs["subscriptionContracts"]["get"]
export type UsageSummary = RouterOutputs["usage"]["summary"]
export type VariableSummary = UsageSummary["variables"][number]
export type WebhookEndpoint = RouterOutputs["webhooks"]["get"]
export type WebhookCreate = RouterInputs["webhooks"]["create"]
export type Delivery = RouterOutputs["webhooks"]["deliveries"]["items"][number]
export type Role = RouterOutputs["access"]["roles"]["list"][number]
export type ApiToken = RouterOutputs["access"]["tokens"]["list"][number]
export type Me = RouterOutputs["access"]["me"]
export type ImportReport = RouterOutputs["imports"]["get"]
export type ImportId = RouterInputs["imports"]["get"]["id"]

/** A client of the Patron API at `apiUrl` (the tRPC endpoint, e.g. `http://127.0.0.1:4000/trpc`) as `token`. */
export const makeClient = (apiUrl: string, token: string) =>
  createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: apiUrl,
        maxURLLength: 2000,
        // The server refuses batches past PATRON_MAX_BATCH_CALLS (50 by default) as a whole.
        maxItems: 50,
        headers: () => ({ authorization: `Bearer ${token}` })
      })
    ]
  })

export type Client = ReturnType<typeof makeClient>
