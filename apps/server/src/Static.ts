/**
 * Serves the built admin app (`apps/admin/dist`) when it is present: its files, and `index.html` for any other GET so
 * bookmarked admin URLs load the app. Paths never leave the directory.
 */
import { existsSync, readFileSync, statSync } from "node:fs"
import type { RequestListener } from "node:http"
import { extname, join, normalize, resolve, sep } from "node:path"

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

/** A listener serving the directory, or undefined when there is no built app in it. */
export const serve = (directory: string): RequestListener | undefined => {
  const index = join(directory, "index.html")
  if (!existsSync(index)) return undefined
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" })
      return res.end()
    }
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://patron.invalid").pathname)
    const candidate = normalize(join(directory, pathname))
    const isInside = candidate.startsWith(directory + sep)
    const file = isInside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : index
    const isAsset = file !== index
    res.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "cache-control": isAsset && pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache"
    })
    res.end(req.method === "HEAD" ? undefined : readFileSync(file))
  }
}
