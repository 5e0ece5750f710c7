/**
 * Instants a client sends (`occurredAt`, `activateAt`, `createdAfter`, a summary's period, …): ISO-8601 strings decoded
 * to `DateTime.Utc`, from 1900-01-01 to 9999-12-31 (UTC). JavaScript reads dates out to the years −271821 and
 * +275760, but PostgreSQL's `timestamptz` ends earlier (4713 BC) and reads no six-digit year, and the periods laid out
 * from an instant near JavaScript's limits would leave its range. Instants Patron computes keep the plain Schema.
 */
import { DateTime, Schema } from "effect"

/** The earliest instant accepted: 1900-01-01T00:00:00.000Z. */
export const earliest: DateTime.Utc = DateTime.makeUnsafe("1900-01-01T00:00:00.000Z")

/** The latest instant accepted: 9999-12-31T23:59:59.999Z. */
export const latest: DateTime.Utc = DateTime.makeUnsafe("9999-12-31T23:59:59.999Z")

/** The message of an instant outside the range. */
export const outOfRange = "must be a date between 1900-01-01 and 9999-12-31"

/** The message of a string that is no instant. */
export const notAnInstant = 'must be a date and time in ISO 8601, like "2026-11-01T00:00:00Z"'

/** Whether an instant lies between `earliest` and `latest`. */
export const isInRange = (at: DateTime.Utc): boolean =>
  at.epochMilliseconds >= earliest.epochMilliseconds && at.epochMilliseconds <= latest.epochMilliseconds

/** An instant on the wire, as an ISO-8601 string like `"2026-11-01T00:00:00Z"`, between 1900 and 9999. */
export const Instant = Schema.DateTimeUtcFromString.annotate({ message: notAnInstant }).check(
  Schema.makeFilter((at: DateTime.Utc) => isInRange(at) || outOfRange)
)
export type Instant = typeof Instant.Type
