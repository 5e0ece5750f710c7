/**
 * Webhook signing secrets (PRODUCT.md §6): `whsec_` and the base64 of 32 random bytes, the form the `standardwebhooks`
 * package reads. Rotation keeps the previous secret live for 24 hours, during which deliveries carry both signatures.
 * The HMAC itself is computed by the worker; the domain only says which secrets are live.
 */
import { DateTime, Result, Schema } from "effect"
import { Base64 } from "effect/encoding"

const prefix = "whsec_"

/** How many random bytes a secret carries. */
export const secretByteLength = 32

/** How long a rotated-out secret keeps signing deliveries. */
export const previousSecretLifetimeMillis = 24 * 60 * 60 * 1000

/** A signing secret: `whsec_` and the canonical base64 of exactly 32 bytes. */
export const Secret = Schema.String.check(
  Schema.isPattern(/^whsec_[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, {
    message: "must be whsec_ followed by the base64 of 32 bytes"
  })
).pipe(Schema.brand("WebhookSecret"))
export type Secret = typeof Secret.Type

/** The secret made from 32 random bytes supplied by the caller; other lengths are a programming error. */
export const secretFromBytes = (bytes: Uint8Array): Secret => {
  if (bytes.length !== secretByteLength) {
    throw new RangeError(`a webhook secret needs ${secretByteLength} bytes, got ${bytes.length}`)
  }
  return `${prefix}${Base64.encode(bytes)}` as Secret
}

/** The HMAC key of a secret: its base64 payload decoded to bytes. */
export const secretKey = (secret: Secret): Uint8Array => Result.getOrThrow(Base64.decode(secret.slice(prefix.length)))

/** The secrets an endpoint signs with: the current one and, for a day after a rotation, the one it replaced. */
export const LiveSecrets = Schema.Struct({
  current: Secret,
  previous: Schema.optionalKey(Schema.Struct({ secret: Secret, expiresAt: Schema.DateTimeUtcFromString }))
})
export type LiveSecrets = typeof LiveSecrets.Type

/** Makes `newSecret` current and keeps the current one live for 24 hours; an older previous secret is dropped. */
export const rotate = (secrets: LiveSecrets, newSecret: Secret, now: DateTime.Utc): LiveSecrets => ({
  current: newSecret,
  previous: { secret: secrets.current, expiresAt: DateTime.add(now, { milliseconds: previousSecretLifetimeMillis }) }
})

/** The secrets to sign with at `now`, current first; the previous one only until it expires. */
export const liveSecrets = (secrets: LiveSecrets, now: DateTime.Utc): ReadonlyArray<Secret> =>
  secrets.previous !== undefined && DateTime.isLessThan(now, secrets.previous.expiresAt)
    ? [secrets.current, secrets.previous.secret]
    : [secrets.current]
