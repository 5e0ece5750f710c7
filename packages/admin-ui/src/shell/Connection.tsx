/**
 * A signed-in admin: the tRPC client and query cache of one token, `access.me` loaded before any screen so
 * controls the token may not use are never shown, and the session ended when the API stops accepting the token.
 */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query"
import { type ReactNode, useState } from "react"
import { MeProvider } from "../access/Permissions.tsx"
import { makeClient, TRPCProvider, useTRPC } from "../api/Api.ts"
import { codeOf } from "../api/ApiError.ts"
import { useSession } from "../session/Session.tsx"
import { ErrorMessage, Loading } from "../ui/States.tsx"

const isClientError = (error: unknown) => {
  const code = codeOf(error)
  return code !== undefined && !["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TOO_MANY_REQUESTS"].includes(code)
}

export const Connection = (props: { readonly token: string; readonly children: ReactNode }) => {
  const session = useSession()
  const onError = (error: unknown) => {
    if (codeOf(error) === "UNAUTHORIZED" && session.canSignOut)
      session.signOut("The API token is no longer accepted. Sign in again.")
  }
  const [queryClient] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError }),
        mutationCache: new MutationCache({ onError }),
        defaultOptions: {
          queries: {
            staleTime: 15_000,
            refetchOnWindowFocus: false,
            // Retrying cannot fix a refused request (not found, forbidden, invalid); it can fix a passing outage.
            retry: (failures, error) => !isClientError(error) && failures < 2
          }
        }
      })
  )
  const [client] = useState(() => makeClient(session.apiUrl, props.token))
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <WithMe>{props.children}</WithMe>
      </TRPCProvider>
    </QueryClientProvider>
  )
}

const WithMe = (props: { readonly children: ReactNode }) => {
  const trpc = useTRPC()
  const session = useSession()
  const me = useQuery({ ...trpc.access.me.queryOptions(), staleTime: 60_000 })
  if (me.isPending) return <Loading label="Connecting to Patron…" />
  if (me.isError)
    return (
      <div className="pa-screen-error">
        <ErrorMessage error={me.error} onRetry={() => me.refetch()} />
        {session.canSignOut && (
          <button type="button" className="pa-button" onClick={() => session.signOut()}>
            Sign out
          </button>
        )}
      </div>
    )
  return <MeProvider me={me.data}>{props.children}</MeProvider>
}
