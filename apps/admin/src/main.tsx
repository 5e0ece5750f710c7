/**
 * The standalone admin: `<PatronAdmin />` full-page, talking to the API on the same origin (served by the server in
 * production, proxied by Vite in development).
 */
import { PatronAdmin } from "@patron/admin-ui"
import "@patron/admin-ui/styles.css"
import { StrictMode } from "react"
import { createRoot } from "react-dom/client"

const root = document.getElementById("root")
if (root === null) throw new Error("index.html has no #root element")

createRoot(root).render(
  <StrictMode>
    <PatronAdmin apiUrl={`${window.location.origin}/trpc`} />
  </StrictMode>
)
