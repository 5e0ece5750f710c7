/**
 * The API token of this browser session: given by the host (`token` prop), or entered on the sign-in screen and kept
 * in `sessionStorage` (so it survives a reload but not the closing of the tab) until sign-out.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react"

export interface Session {
  readonly apiUrl: string
  readonly token: string | null
  /** Whether the token came from the sign-in screen, so signing out makes sense. */
  readonly canSignOut: boolean
  /** Why the last session ended, shown on the sign-in screen. */
  readonly endedBecause: string | null
  readonly signIn: (token: string) => void
  readonly signOut: (reason?: string) => void
}

const SessionContext = createContext<Session | null>(null)

const storageKey = (apiUrl: string) => `patron-admin:token:${apiUrl}`

const read = (key: string): string | null => {
  try {
    return globalThis.sessionStorage?.getItem(key) ?? null
  } catch {
    return null
  }
}

const write = (key: string, value: string | null) => {
  try {
    if (value === null) globalThis.sessionStorage?.removeItem(key)
    else globalThis.sessionStorage?.setItem(key, value)
  } catch {
    // Storage can be disabled (private mode, sandboxed iframes): the session then lasts until a reload.
  }
}

/** Holds the session's token for the admin below it. */
export const SessionProvider = (props: {
  readonly apiUrl: string
  readonly token?: string | undefined
  readonly children: ReactNode
}) => {
  const key = storageKey(props.apiUrl)
  const [entered, setEntered] = useState<string | null>(() => read(key))
  const [endedBecause, setEndedBecause] = useState<string | null>(null)
  const signIn = useCallback(
    (token: string) => {
      write(key, token)
      setEndedBecause(null)
      setEntered(token)
    },
    [key]
  )
  const signOut = useCallback(
    (reason?: string) => {
      write(key, null)
      setEndedBecause(reason ?? null)
      setEntered(null)
    },
    [key]
  )
  const session = useMemo<Session>(
    () => ({
      apiUrl: props.apiUrl,
      token: props.token ?? entered,
      canSignOut: props.token === undefined,
      endedBecause,
      signIn,
      signOut
    }),
    [props.apiUrl, props.token, entered, endedBecause, signIn, signOut]
  )
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>
}

/** The current session. */
export const useSession = (): Session => {
  const session = useContext(SessionContext)
  if (session === null) throw new Error("useSession is used outside <PatronAdmin />")
  return session
}
