/**
 * Input validators: domain Schemas as Standard Schema, so tRPC reports every problem with its path. Text that cannot
 * be stored (NUL, unpaired surrogates; see StorableText) is refused first, wherever it is in the input.
 */
import { StorableText } from "@patron/domain"
import { Schema } from "effect"

/** A tRPC input validator from a domain Schema. */
export const input = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) => {
  const standard = Schema.toStandardSchemaV1(schema)
  const validate = (value: unknown, options?: unknown) => {
    const issues = StorableText.issues(value)
    return issues.length > 0 ? { issues } : standard["~standard"].validate(value, options as never)
  }
  return { ...standard, "~standard": { ...standard["~standard"], validate } } as unknown as typeof standard
}

/** An optional expected version for optimistic concurrency. */
export const ExpectedVersion = Schema.optionalKey(
  Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be 1 or more" }))
)
