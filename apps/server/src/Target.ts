/**
 * The request target of a request (RFC 9112 §3.2), read without ever throwing: an origin-form path (`/trpc/x?batch=1`,
 * `//` included) or an absolute-form URL (`http://host/path`). A target that is neither, whose port or host is
 * invalid, whose path does not percent-decode to UTF-8, or that holds a NUL is malformed: the host answers 400.
 */

/** A request target the host can route. */
export interface Target {
  /** The path as sent, still percent-encoded, with dot segments resolved. */
  readonly pathname: string
  readonly searchParams: URLSearchParams
}

const origin = "http://patron.invalid"

/** The target of `url` (`req.url`), or undefined when it is malformed. */
export const parse = (url: string | undefined): Target | undefined => {
  if (url === undefined) return undefined
  let parsed: URL
  try {
    // Appended to an origin, `//x` stays a path instead of becoming a host.
    parsed = url.startsWith("/") ? new URL(`${origin}${url}`) : new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined
  let decoded: string
  try {
    decoded = decodeURIComponent(parsed.pathname)
  } catch {
    return undefined
  }
  if (decoded.includes("\u0000")) return undefined
  return { pathname: parsed.pathname, searchParams: parsed.searchParams }
}
