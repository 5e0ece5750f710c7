/**
 * Sign-in with an API token: the token is checked with `access.me` before it is kept for the session.
 */
import { type FormEvent, useState } from "react"
import { makeClient } from "../api/Api.ts"
import { codeOf, describe } from "../api/ApiError.ts"
import { useSession } from "./Session.tsx"

export const SignIn = () => {
  const session = useSession()
  const [token, setToken] = useState("")
  const [problem, setProblem] = useState<string | null>(null)
  const [isChecking, setIsChecking] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const candidate = token.trim()
    if (candidate === "") return setProblem("Enter an API token.")
    setIsChecking(true)
    setProblem(null)
    try {
      await makeClient(session.apiUrl, candidate).access.me.query()
      session.signIn(candidate)
    } catch (error) {
      setProblem(
        codeOf(error) === "UNAUTHORIZED" ? "This API token is not valid or has been revoked." : describe(error)
      )
      setIsChecking(false)
    }
  }

  return (
    <main className="pa-signin">
      <form className="pa-signin-card" onSubmit={submit} noValidate>
        <h1 className="pa-signin-title">Patron</h1>
        <p className="pa-muted">Sign in with an API token. It is kept for this browser tab only.</p>
        <p id="pa-signin-hint" className="pa-muted">
          The admin token is in <code>.patron/admin-token</code> under the directory where <code>pnpm start</code> ran
          (each start prints its full path). To make another:{" "}
          <code>pnpm patron token create --tenant default --role admin</code>
        </p>
        {session.endedBecause !== null && (
          <p className="pa-notice" role="status">
            {session.endedBecause}
          </p>
        )}
        <div className="pa-field">
          <label htmlFor="pa-signin-token">API token</label>
          <input
            id="pa-signin-token"
            className="pa-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={problem === null ? "pa-signin-hint" : "pa-signin-problem pa-signin-hint"}
            // biome-ignore lint/a11y/noAutofocus: the sign-in screen has one field and nothing else to do.
            autoFocus
          />
          {problem !== null && (
            <p id="pa-signin-problem" className="pa-field-error" role="alert">
              {problem}
            </p>
          )}
        </div>
        <button className="pa-button pa-button-primary" type="submit" disabled={isChecking}>
          {isChecking ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  )
}
