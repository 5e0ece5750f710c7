/**
 * Cross-origin access to the API for products that embed the admin (`<PatronAdmin apiUrl=…>`) on their own origin:
 * `PATRON_CORS_ORIGINS` lists the origins allowed to call `/trpc` from a browser (comma-separated, or `*`). Requests
 * carry the API token in `Authorization`, never cookies, so credentials are not allowed.
 */
import type { IncomingMessage, ServerResponse } from "node:http"

export type Origins = ReadonlyArray<string> | "*"

/** Reads `PATRON_CORS_ORIGINS`: nothing allowed when empty; each origin must be `scheme://host[:port]`. */
export const parse = (
  text: string | undefined
): { readonly origins: Origins; readonly invalid: ReadonlyArray<string> } => {
  const value = (text ?? "").trim()
  if (value === "*") return { origins: "*", invalid: [] }
  const entries = value === "" ? [] : value.split(",").map((entry) => entry.trim().replace(/\/$/, ""))
  const invalid = entries.filter((entry) => {
    try {
      return new URL(entry).origin !== entry
    } catch {
      return true
    }
  })
  return { origins: entries.filter((entry) => !invalid.includes(entry)), invalid }
}

const allowed = (origins: Origins, origin: string) => origins === "*" || origins.includes(origin)

/**
 * Sets the CORS headers of an API response for an allowed `Origin`; answers a preflight (`OPTIONS`) itself and
 * returns true when it did.
 */
export const apply = (origins: Origins, req: IncomingMessage, res: ServerResponse): boolean => {
  const origin = req.headers.origin
  if (origin === undefined || !allowed(origins, origin)) {
    if (req.method !== "OPTIONS") return false
    res.writeHead(origin === undefined ? 204 : 403).end()
    return true
  }
  res.setHeader("access-control-allow-origin", origins === "*" ? "*" : origin)
  res.setHeader("vary", "Origin")
  res.setHeader("access-control-expose-headers", "retry-after, patron-import-id")
  if (req.method !== "OPTIONS") return false
  res.writeHead(204, {
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type, trpc-accept, x-trpc-source",
    "access-control-max-age": "600"
  })
  res.end()
  return true
}
