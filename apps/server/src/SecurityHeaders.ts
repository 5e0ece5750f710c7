/**
 * The security headers of the host's answers: `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`
 * on every answer, `Cache-Control: no-store` on the API's, and a Content Security Policy on the admin's HTML.
 */
import { randomBytes } from "node:crypto"
import type { ServerResponse } from "node:http"

/** Headers every answer carries. */
export const common = (res: ServerResponse) => {
  res.setHeader("x-content-type-options", "nosniff")
  res.setHeader("referrer-policy", "no-referrer")
}

/** Headers of every `/trpc` answer: API answers carry tenant data and must not be kept by any cache. */
export const api = (res: ServerResponse) => {
  res.setHeader("cache-control", "no-store")
}

/** What the admin's build writes where each answer's nonce goes (`html.cspNonce` in apps/admin/vite.config.ts). */
export const noncePlaceholder = "__PATRON_CSP_NONCE__"

/** A fresh nonce for one HTML answer: 128 random bits. */
export const nonce = (): string => randomBytes(16).toString("base64")

/**
 * The CSP of the admin's pages: its own scripts only (the build has no inline script), its own styles plus the inline
 * `<style>` elements carrying this answer's nonce (the page's own, and the scroll lock Radix's dialogs inject, which
 * reads the nonce from `<meta property="csp-nonce">`), images from itself and `data:` (the favicon), API calls to its
 * own origin (the admin served here calls `/trpc` beside it), framed only by `frameAncestors`
 * (`PATRON_FRAME_ANCESTORS`). No `'unsafe-inline'` anywhere.
 */
export const adminPolicy = (options: { readonly frameAncestors: string; readonly nonce: string }): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${options.nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors}`
  ].join("; ")

/**
 * The CSP of the API reference page (`/docs`, ApiDocs.ts), stricter than the admin's: Swagger UI needs no inline
 * `<style>` (it styles elements through the DOM, which CSP allows), so no nonce either. Its own files only (no inline
 * script, no eval), calls to its own origin only (`/openapi.json`, and `/trpc` for "Try it out"), and no framing:
 * `PATRON_FRAME_ANCESTORS` opens the admin to frames, not this page.
 */
export const docsPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join("; ")
