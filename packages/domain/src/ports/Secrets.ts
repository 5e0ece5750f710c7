/**
 * What API token secrets need from cryptography: random bytes, a SHA-256 digest, and a comparison whose time does
 * not depend on where two values differ. The domain names the operations; `@patron/db` implements them on
 * node:crypto, and the in-memory testing layer deterministically.
 */
import { Context, type Effect } from "effect"

/** Makes and checks secrets. */
export class Secrets extends Context.Service<
  Secrets,
  {
    /** `length` cryptographically strong random bytes. */
    readonly randomBytes: (length: number) => Effect.Effect<Uint8Array>
    /** The SHA-256 digest of a secret's UTF-8 bytes, as 64 lowercase hex digits. */
    readonly hash: (secret: string) => Effect.Effect<string>
    /** Whether two strings are equal, in time that depends only on their lengths. */
    readonly timingSafeEqual: (a: string, b: string) => boolean
  }
>()("@patron/domain/Secrets") {}
