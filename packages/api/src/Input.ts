/**
 * Input validators: domain Schemas as Standard Schema, so tRPC reports every problem with its path.
 */
import { Schema } from "effect"

/** A tRPC input validator from a domain Schema. */
export const input = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) =>
  Schema.toStandardSchemaV1(schema)

/** An optional expected version for optimistic concurrency. */
export const ExpectedVersion = Schema.optionalKey(
  Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be 1 or more" }))
)
