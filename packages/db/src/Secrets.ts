/**
 * The domain's Secrets port on node:crypto: random bytes from the operating system's generator, SHA-256 digests, and
 * `timingSafeEqual` for comparing hashes.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { Secrets } from "@patron/domain"
import { Effect, Layer } from "effect"

/** Secrets over node:crypto. */
export const layer = Layer.succeed(Secrets)(
  Secrets.of({
    randomBytes: (length) => Effect.sync(() => new Uint8Array(randomBytes(length))),
    hash: (secret) => Effect.sync(() => createHash("sha256").update(secret, "utf8").digest("hex")),
    timingSafeEqual: (a, b) => {
      const left = Buffer.from(a, "utf8")
      const right = Buffer.from(b, "utf8")
      // Unequal lengths say nothing secret here: both sides are fixed-length hex digests.
      return left.length === right.length && timingSafeEqual(left, right)
    }
  })
)
