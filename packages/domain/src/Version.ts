/**
 * Optimistic concurrency: every record carries a version that starts at 1 and grows by one on each change; a write
 * that names a stale `expectedVersion` changes nothing.
 */
import { Effect, Schema } from "effect"

/** A record's version. */
export const Version = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be 1 or more" }))
export type Version = typeof Version.Type

/** The caller's `expectedVersion` is not the record's current version. */
export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  id: Schema.String,
  expected: Schema.Number,
  actual: Schema.Number
}) {
  override get message() {
    return `${this.id} is at version ${this.actual}, not the expected ${this.expected}: reload it and try again`
  }
}

/** Succeeds when no version is expected or the expected one is current. */
export const check = (
  id: string,
  expected: number | undefined,
  actual: number
): Effect.Effect<void, VersionConflict> =>
  expected === undefined || expected === actual
    ? Effect.void
    : Effect.fail(new VersionConflict({ id, expected, actual }))
