/**
 * A typed tRPC client of a started server, as the frontend team uses it, with an API token.
 */
import type { AppRouter } from "@patron/api"
import { createTRPCClient, httpLink } from "@trpc/client"

export const client = (base: string, token: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${base}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })]
  })

export type Client = ReturnType<typeof client>

/** An admin token in the shape Patron makes (for `PATRON_ADMIN_TOKEN`). */
export const adminToken = "pat_01JBZ0000000000000000000RM.cmVsaWFiaWxpdHktZHJpbGwtYWRtaW4tdG9rZW4"
