/**
 * Identifiers: a short prefix naming the kind of record, then a ULID (48-bit millisecond time + 80 random bits,
 * Crockford base32), so ids sort by creation time and say what they point at (`cus_01J…`).
 */
import { Clock, Context, Effect, Layer, Random, Ref, Schema } from "effect"

/** The prefix of each kind of identifier. */
export const prefixes = {
  customer: "cus",
  order: "ord",
  subscriptionContract: "sub",
  usageRecord: "use",
  webhookEndpoint: "whk",
  message: "msg",
  apiToken: "pat",
  role: "rol",
  delivery: "dlv",
  address: "adr",
  tenant: "ten",
  customerImport: "imp"
} as const

export type Kind = keyof typeof prefixes

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const ulidPattern = "[0-9A-HJKMNP-TV-Z]{26}"

/** How a malformed id of a kind is refused: by what an id of that kind looks like (`must look like cus_01J…`). */
export const malformed = (kind: Kind): string => `must look like ${prefixes[kind]}_01J…`

/** The check an id of one kind passes; brand it per kind: `Schema.String.check(Ids.isId("customer")).pipe(Schema.brand("CustomerId"))`. */
export const isId = (kind: Kind) =>
  Schema.isPattern(new RegExp(`^${prefixes[kind]}_${ulidPattern}$`), { message: malformed(kind) })

/** Encodes a millisecond timestamp and 80 random bits (as 16 base32 digits) into a ULID. */
export const ulid = (millis: number, randomDigits: ReadonlyArray<number>): string => {
  let time = ""
  let rest = Math.max(0, Math.floor(millis))
  for (let i = 0; i < 10; i++) {
    time = crockford[rest % 32] + time
    rest = Math.floor(rest / 32)
  }
  return time + randomDigits.map((d) => crockford[d & 31]).join("")
}

/** Makes new identifiers. The live layer uses the Clock and Random services; tests can swap in a counter. */
export class Ids extends Context.Service<Ids, { readonly make: (kind: Kind) => Effect.Effect<string> }>()(
  "@patron/domain/Ids"
) {
  /** Time from the Clock, randomness from the Random service: deterministic under TestClock and a seeded Random. */
  static readonly layer = Layer.succeed(Ids)(
    Ids.of({
      make: (kind) =>
        Effect.gen(function* () {
          const millis = yield* Clock.currentTimeMillis
          const digits: Array<number> = []
          for (let i = 0; i < 16; i++) digits.push(yield* Random.nextIntBetween(0, 31))
          return `${prefixes[kind]}_${ulid(millis, digits)}`
        })
    })
  )

  /** Sequential ids (`cus_0000000000000000000000001`, …) for tests that assert exact ids. */
  static readonly layerSequential = Layer.effect(Ids)(
    Effect.gen(function* () {
      const counter = yield* Ref.make(0)
      return Ids.of({
        make: (kind) =>
          Ref.updateAndGet(counter, (n) => n + 1).pipe(
            Effect.map((n) => {
              const digits: Array<number> = []
              for (let rest = n, i = 0; i < 16; i++, rest = Math.floor(rest / 32)) digits.unshift(rest % 32)
              return `${prefixes[kind]}_${ulid(0, digits)}`
            })
          )
      })
    })
  )
}
