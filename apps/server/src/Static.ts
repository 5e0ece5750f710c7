/**
 * Serves the built admin app (`apps/admin/dist`) when it is present: its files, and `index.html` for any other GET so
 * bookmarked admin URLs load the app. Paths never leave the directory; a path that does not percent-decode is 400.
 * HTML answers carry the admin's Content Security Policy (`SecurityHeaders.adminPolicy`) with a fresh nonce each.
 */
import { existsSync, readFileSync, statSync } from "node:fs"
import type { RequestListener } from "node:http"
import { extname, join, normalize, resolve, sep } from "node:path"
import * as SecurityHeaders from "./SecurityHeaders.ts"

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json"
}

/** The directory the admin app is built into. */
export const defaultDirectory = resolve(import.meta.dirname, "../../admin/dist")

/** The decoded path of a request target (origin-form, or absolute-form), or undefined when it is malformed. */
const decoded = (url = "/"): string | undefined => {
  try {
    return decodeURIComponent(new URL(url.startsWith("/") ? `http://patron.invalid${url}` : url).pathname)
  } catch {
    return undefined
  }
}

/**
 * A listener serving the directory, or undefined when there is no built app in it. `frameAncestors` is who may
 * show the admin in a frame (`PATRON_FRAME_ANCESTORS`), no one by default.
 */
export const serve = (
  directory: string,
  options: { readonly frameAncestors?: string } = {}
): RequestListener | undefined => {
  const root = resolve(directory)
  const index = join(root, "index.html")
  if (!existsSync(index)) return undefined
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" })
      return res.end()
    }
    const pathname = decoded(req.url)
    if (pathname === undefined || pathname.includes("\u0000")) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" })
      return res.end("malformed path")
    }
    const candidate = normalize(join(root, pathname))
    const isInside = candidate.startsWith(root + sep)
    const file = isInside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : index
    const isAsset = file !== index
    const isHtml = extname(file) === ".html"
    const nonce = isHtml ? SecurityHeaders.nonce() : ""
    const content = isHtml
      ? Buffer.from(readFileSync(file, "utf8").replaceAll(SecurityHeaders.noncePlaceholder, nonce))
      : readFileSync(file)
    res.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "cache-control": isAsset && pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      ...(isHtml
        ? {
            "content-security-policy": SecurityHeaders.adminPolicy({
              frameAncestors: options.frameAncestors ?? "'none'",
              nonce
            })
          }
        : {})
    })
    res.end(req.method === "HEAD" ? undefined : content)
  }
}
