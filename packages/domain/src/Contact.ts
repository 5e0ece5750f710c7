/**
 * Contact fields shared by customers, addresses and order snapshots: names, email, phone, free text. Strings are
 * trimmed before their rules are checked, so `"  Ada "` is stored as `"Ada"`.
 */
import { Schema } from "effect"

/** Trimmed text of `min` to `max` characters. */
export const Text = (min: number, max: number) =>
  Schema.Trim.check(
    Schema.isBetweenLength(min, max, {
      message: min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`
    })
  )

/** A required name: 1–200 characters. */
export const Name = Text(1, 200)

/** Optional free text of at most 200 characters. */
export const ShortText = Text(0, 200)

const emailPattern = /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]+$/

/** An email address, stored as given (trimmed) and matched case-insensitively. */
export const Email = Schema.Trim.check(
  Schema.isMaxLength(254, { message: "must be at most 254 characters" }),
  Schema.isPattern(emailPattern, { message: "must be a valid email address, like ada@example.com" })
)

/** A phone number: 3–32 characters of digits, spaces and `+()-.`. */
export const Phone = Schema.Trim.check(
  Schema.isBetweenLength(3, 32, { message: "must be 3 to 32 characters" }),
  Schema.isPattern(/^[0-9 +()\-.]*$/, { message: "may hold only digits, spaces and + ( ) - ." }),
  Schema.isPattern(/[0-9]/, { message: "must contain a digit" })
)
