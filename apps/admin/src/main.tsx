/**
 * The standalone admin: `<PatronAdmin />` full-page, talking to the API on the same origin (served by the server in
 * production, proxied by Vite in development).
 */
import { PatronAdmin } from "@patron/admin-ui"
import "@patron/admin-ui/styles.css"
import { StrictMode } from "react"
import { createRoot } from "react-dom/client"

// The styles Radix's dialogs inject (the scroll lock) take their nonce from `get-nonce`, which reads this global: with
// it they pass the server's Content Security Policy instead of being refused.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce
if (nonce) Object.assign(globalThis, { __webpack_nonce__: nonce })

const root = document.getElementById("root")
if (root === null) throw new Error("index.html has no #root element")

createRoot(root).render(
  <StrictMode>
    <PatronAdmin apiUrl={`${window.location.origin}/trpc`} />
  </StrictMode>
)
