/**
 * Generated customers for large tests and benchmarks: deterministic, varied names, one created per second, each with
 * an email, a phone, meta and an external reference.
 */
import { type Customer, Ids } from "@patron/domain"
import { DateTime } from "effect"

const firstNames = [
  "Ada",
  "Grace",
  "Alan",
  "Edsger",
  "Barbara",
  "Donald",
  "Margaret",
  "Ken",
  "Radia",
  "Linus",
  "Frances",
  "Tim"
]
const lastNames = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Hamilton",
  "Thompson",
  "Perlman",
  "Torvalds",
  "Allen",
  "Berners-Lee",
  "Østergård",
  "McCarthy",
  "Ritchie",
  "Kay"
]

/** A small deterministic generator (mulberry32). */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** When the first generated customer was created (by default); the i-th came i seconds later. */
export const defaultStart = "2026-01-01T00:00:00Z"

/**
 * A source of the generated population, batch by batch: `(from, to)` gives the customers with indices `[from, to)`.
 * Call it with consecutive ranges from 0 (it carries the randomness along), so a million customers never sit in
 * memory at once; the same options give the same customers.
 */
export const sampler = (options: { readonly start?: string; readonly seed?: number } = {}) => {
  const next = random(options.seed ?? 42)
  const startMillis = Date.parse(options.start ?? defaultStart)
  return (from: number, to: number) =>
    Array.from({ length: to - from }, (_, offset): Customer.Customer => {
      const i = from + offset
      const millis = startMillis + i * 1000
      const digits = Array.from({ length: 16 }, () => Math.floor(next() * 32))
      const id = `cus_${Ids.ulid(millis, digits)}` as Customer.CustomerId
      const firstName = firstNames[Math.floor(next() * firstNames.length)] as string
      const lastName = `${lastNames[Math.floor(next() * lastNames.length)]}${i % 7 === 0 ? "" : `-${i % 97}`}`
      const at = DateTime.makeUnsafe(millis)
      return {
        id,
        identifier: `c${i}`,
        type: i % 5 === 0 ? "organization" : "individual",
        firstName,
        lastName,
        email: `${firstName.toLowerCase()}.${i}@example.com`,
        phone: `+47 ${String(10_000_000 + i).slice(0, 8)}`,
        ...(i % 5 === 0 ? { companyName: `${lastName} Industries ${i}` } : {}),
        addresses: [],
        meta: { segment: i % 3 === 0 ? "gold" : "standard" },
        externalReferences: { erp: `ERP-${i}` },
        version: 1,
        createdAt: at,
        updatedAt: at
      }
    })
}

/** `count` customers created one second apart from `start`; the same arguments give the same customers. */
export const generate = (count: number, options: { readonly start?: string; readonly seed?: number } = {}) =>
  sampler(options)(0, count)
