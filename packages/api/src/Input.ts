/**
 * Input validators: domain Schemas as Standard Schema, so tRPC reports every problem with its path. One pass finds
 * them all: text that cannot be stored (NUL, unpaired surrogates; see StorableText) wherever it is, the Schema's
 * structure and field rules (a key it does not declare is an "unknown field"), and the procedure's rules over the
 * input as sent (cross-field and clock rules, `InputRules`), checked against the server's clock. An answer lists at
 * most 100 problems, then one counting the rest (`Validation.capped`).
 */
import { type InputRules, StorableText, Validation } from "@patron/domain"
import { DateTime, Result, Schema } from "effect"

/** A tRPC input validator from a domain Schema and the rules checked with it. */
export const input = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  ...rules: ReadonlyArray<InputRules.Rule>
) => {
  const standard = Schema.toStandardSchemaV1(schema)
  const check = Validation.check(schema, ...rules)
  const validate = (value: unknown) => {
    const unstorable = StorableText.issues(value)
    // Past the cap, the unstorable text alone fills the answer (its last issue counts the rest).
    if (unstorable.length > Validation.maxReportedIssues) return { issues: unstorable }
    const result = check(value, DateTime.nowUnsafe(), unstorable)
    return Result.isSuccess(result) ? { value: result.success } : { issues: result.failure.issues }
  }
  return { ...standard, "~standard": { ...standard["~standard"], validate } } as unknown as typeof standard
}

/** An optional expected version for optimistic concurrency. */
export const ExpectedVersion = Schema.optionalKey(
  Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be 1 or more" }))
)

/**
 * A validator whose API reference shows `documented` instead of the Schema it decodes with: for an input decoded in
 * two steps, its envelope here and its parts by the use case (each row of `customers.upsertMany` on its own).
 */
export const documentedAs = <V extends object>(validator: V, documented: Schema.Top): V => ({
  ...validator,
  ast: documented.ast
})
