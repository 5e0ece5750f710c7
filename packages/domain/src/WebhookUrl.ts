/**
 * Webhook endpoint URLs (PRODUCT.md §6): absolute http(s), no credentials, and, unless private delivery is allowed
 * (`PATRON_WEBHOOKS_ALLOW_PRIVATE=1`), no host that is plainly private. Hostnames that resolve to private addresses are
 * caught by the worker, which checks every resolved address with `AddressSafety`.
 */
import { Option, Result, Schema } from "effect"
import * as AddressSafety from "./AddressSafety.ts"

// The WHATWG URL parser exists in every runtime Patron targets (Node, browsers); the domain's lib has no DOM types.
declare const URL: new (
  input: string
) => { readonly protocol: string; readonly username: string; readonly password: string; readonly hostname: string }

/** The longest endpoint URL accepted. */
export const maxLength = 2048

/** The URL's parts that matter here, when the text is an absolute URL. */
const parse = (text: string) => {
  try {
    return Option.some(new URL(text))
  } catch {
    return Option.none()
  }
}

/** Why the text is not an acceptable endpoint URL, if it is not. */
const problemOf = (text: string): string | undefined => {
  if (text.length > maxLength) return `must be at most ${maxLength} characters`
  const url = parse(text)
  if (Option.isNone(url)) return "must be an absolute URL"
  if (url.value.protocol !== "http:" && url.value.protocol !== "https:") return "must use http or https"
  if (url.value.username !== "" || url.value.password !== "") return "must not contain a user name or password"
  if (url.value.hostname === "") return "must name a host"
  return undefined
}

/** An endpoint URL: absolute http or https, at most 2,048 characters, with no credentials in it. */
export const Url = Schema.Trim.check(Schema.makeFilter((text: string) => problemOf(text) ?? true))
export type Url = typeof Url.Type

/** The endpoint URL is not allowed as a delivery target. */
export class WebhookUrlRefused extends Schema.TaggedError<WebhookUrlRefused>()("WebhookUrlRefused", {
  url: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `webhook URL ${this.url} is refused: ${this.reason}`
  }
}

const isLocalhostName = (host: string) => host === "localhost" || host.endsWith(".localhost")

/** Whether the URL's host is `localhost` or an IP literal outside the public ranges (no DNS lookup is made). */
export const urlHostIsLiteralPrivate = (url: string): boolean =>
  Option.match(parse(url), {
    onNone: () => false,
    onSome: ({ hostname }) => {
      const host = hostname.toLowerCase().replace(/\.$/, "")
      return isLocalhostName(host) || AddressSafety.isPrivateAddress(host)
    }
  })

/** Succeeds with the URL unless it is malformed or, when private delivery is not allowed, its host is plainly private. */
export const ensureAllowed = (
  url: string,
  options: { readonly allowPrivate: boolean }
): Result.Result<Url, WebhookUrlRefused> => {
  const problem = problemOf(url)
  if (problem !== undefined) return Result.fail(new WebhookUrlRefused({ url, reason: problem }))
  if (!options.allowPrivate && urlHostIsLiteralPrivate(url)) {
    return Result.fail(new WebhookUrlRefused({ url, reason: "its host is a private, loopback or link-local address" }))
  }
  return Result.succeed(url)
}
