/**
 * Keeps a failure while rendering a screen from blanking the admin: the screen is replaced by a readable message
 * and a way to try again, while the navigation stays usable.
 */
import { Component, type ErrorInfo, type ReactNode } from "react"
import { ErrorMessage } from "../ui/States.tsx"

interface State {
  readonly error: unknown
  readonly hasError: boolean
}

export class ErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { error: undefined, hasError: false }

  static getDerivedStateFromError(error: unknown): State {
    return { error, hasError: true }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("patron admin: a screen failed to render", error, info.componentStack)
  }

  override render() {
    if (!this.state.hasError) return this.props.children
    return (
      <div className="pa-screen-error">
        <ErrorMessage error={this.state.error} onRetry={() => this.setState({ error: undefined, hasError: false })} />
      </div>
    )
  }
}
