/**
 * The API's description for people and tools, public like `/healthz` (it holds no tenant data): `GET /openapi.json`,
 * the OpenAPI 3.1 document of the router (`OpenApi.document` of @patron/api), and `GET /docs`, a reference page that
 * Swagger UI (swagger-ui-dist, served from node_modules, no CDN) renders from it. "Try it out" calls `/trpc` with the
 * token given under "Authorize", as any client does.
 */
import { readFileSync } from "node:fs"
import type { IncomingMessage, ServerResponse } from "node:http"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { OpenApi } from "@patron/api"
import * as SecurityHeaders from "./SecurityHeaders.ts"

/** The version the document gives the API. */
export const apiVersion = "0.0.0"

/** The files of swagger-ui-dist the page loads, by the name it loads them under `/docs/assets/`. */
const vendorFiles: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png"
}

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Patron API reference</title>
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/docs.js"></script>
  </body>
</html>
`

// Our own start script, a file rather than an inline script, so the page's CSP needs no 'unsafe-inline' for scripts.
const start = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false
})
`

let vendorDirectory: string | undefined
const vendorPath = (name: string) => {
  vendorDirectory ??= dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"))
  return join(vendorDirectory, name)
}

let document: string | undefined
/** The OpenAPI document as JSON, built once. */
export const openApiJson = (): string => {
  document ??= JSON.stringify(OpenApi.document({ version: apiVersion }))
  return document
}

const send = (
  req: IncomingMessage,
  res: ServerResponse,
  body: string | Buffer,
  headers: Readonly<Record<string, string>>
) => {
  res.writeHead(200, headers)
  res.end(req.method === "HEAD" ? undefined : body)
}

/** Answers `/openapi.json`, `/docs` and `/docs/assets/*`; false for any other path. */
export const answer = (req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
  const isDocs = pathname === "/openapi.json" || pathname === "/docs" || pathname.startsWith("/docs/")
  if (!isDocs) return false
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" })
    res.end(JSON.stringify({ error: "method not allowed" }))
    return true
  }
  if (pathname === "/openapi.json") {
    send(req, res, openApiJson(), { "content-type": "application/json", "cache-control": "no-cache" })
  } else if (pathname === "/docs" || pathname === "/docs/") {
    send(req, res, page, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-cache",
      "content-security-policy": SecurityHeaders.docsPolicy
    })
  } else if (pathname === "/docs/assets/docs.js") {
    send(req, res, start, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" })
  } else {
    const name = pathname.slice("/docs/assets/".length)
    const contentType = pathname.startsWith("/docs/assets/") ? vendorFiles[name] : undefined
    if (contentType === undefined) {
      res.writeHead(404, { "content-type": "application/json" })
      res.end(JSON.stringify({ error: "not found" }))
      return true
    }
    send(req, res, readFileSync(vendorPath(name)), {
      "content-type": contentType,
      "cache-control": "public, max-age=86400"
    })
  }
  return true
}
