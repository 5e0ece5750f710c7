/**
 * A secret shown once (a webhook signing secret, an API token): the value, a copy button, and the warning that it
 * cannot be shown again.
 */
import { useState } from "react"
import { Dialog } from "./Dialog.tsx"

export const SecretReveal = (props: {
  readonly title: string
  readonly secret: string | null
  readonly explanation: string
  readonly onClose: () => void
}) => {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no")
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret ?? "")
      setCopied("yes")
    } catch {
      setCopied("failed")
    }
  }
  return (
    <Dialog
      open={props.secret !== null}
      onOpenChange={(open) => {
        if (open) return
        setCopied("no")
        props.onClose()
      }}
      title={props.title}
      description={`${props.explanation} Copy it now: it is shown only this once.`}
    >
      <label className="pa-field">
        <span>Secret</span>
        <input
          className="pa-input pa-secret"
          readOnly
          value={props.secret ?? ""}
          onFocus={(event) => event.target.select()}
          data-testid="revealed-secret"
        />
      </label>
      <p className="pa-muted" role="status">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "Copying failed: select and copy it."
            : ""}
      </p>
      <div className="pa-dialog-actions">
        <button type="button" className="pa-button" onClick={copy}>
          Copy
        </button>
        <button type="button" className="pa-button pa-button-primary" onClick={() => props.onClose()}>
          Done
        </button>
      </div>
    </Dialog>
  )
}
