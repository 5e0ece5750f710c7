/**
 * Loading, empty and error states: every screen says what is happening instead of showing nothing.
 */
import type { ReactNode } from "react"
import { describe } from "../api/ApiError.ts"

export const Loading = (props: { readonly label?: string }) => (
  <div className="pa-loading" role="status" aria-live="polite">
    <span className="pa-spinner" aria-hidden="true" />
    {props.label ?? "Loading…"}
  </div>
)

export const Empty = (props: { readonly title: string; readonly children?: ReactNode }) => (
  <div className="pa-empty">
    <p className="pa-empty-title">{props.title}</p>
    {props.children}
  </div>
)

export const ErrorMessage = (props: { readonly error: unknown; readonly onRetry?: () => void }) => (
  <div className="pa-error" role="alert">
    <p>{describe(props.error)}</p>
    {props.onRetry !== undefined && (
      <button type="button" className="pa-button" onClick={props.onRetry}>
        Try again
      </button>
    )}
  </div>
)
