/**
 * The security headers of the host's answers: `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`
 * on every answer, `Cache-Control: no-store` on the API's, and a Content Security Policy on the admin's HTML.
 */
import { createHash } from "node:crypto"
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

/** The `'sha256-…'` sources of the inline `<style>` elements of an HTML page (the built admin has one). */
export const inlineStyleHashes = (html: string): ReadonlyArray<string> =>
  [...html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)].map(
    (match) =>
      `'sha256-${createHash("sha256")
        .update(match[1] ?? "")
        .digest("base64")}'`
  )

/**
 * The CSP of the admin's pages: its own scripts only (the build has no inline script), its own styles plus the
 * page's inline `<style>` by hash, images from itself and `data:` (the favicon), API calls to its own origin (the
 * admin served here calls `/trpc` beside it), framed only by `frameAncestors` (`PATRON_FRAME_ANCESTORS`). The
 * `<style>` that Radix's dialogs inject to lock the page's scroll is refused rather than allowing every inline style:
 * the dialogs work, the page behind them may scroll, and the browser logs the refusal.
 */
export const adminPolicy = (options: {
  readonly frameAncestors: string
  readonly styleHashes: ReadonlyArray<string>
}): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${["'self'", ...options.styleHashes].join(" ")}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors}`
  ].join("; ")
