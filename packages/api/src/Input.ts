/**
 * Input validators: domain Schemas as Standard Schema, so tRPC reports every problem with its path. Text that cannot
 * be stored (NUL, unpaired surrogates; see StorableText) is refused first, wherever it is in the input. An answer
 * lists at most 100 problems, then one counting the rest (`Validation.capped`).
 */
import { StorableText, Validation } from "@patron/domain"
import { Schema } from "effect"

type Result = ReturnType<ReturnType<typeof Schema.toStandardSchemaV1>["~standard"]["validate"]>

const capped = (result: Awaited<Result>): Awaited<Result> => {
  if (result.issues === undefined || result.issues.length <= Validation.maxReportedIssues) return result
  const first = result.issues.slice(0, Validation.maxReportedIssues)
  return { issues: [...first, Validation.moreProblems(result.issues.length - first.length)] }
}

/** A tRPC input validator from a domain Schema. */
export const input = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) => {
  const standard = Schema.toStandardSchemaV1(schema)
  const validate = (value: unknown, options?: unknown) => {
    const issues = StorableText.issues(value)
    if (issues.length > 0) return { issues }
    const result = standard["~standard"].validate(value, options as never)
    return result instanceof Promise ? result.then(capped) : capped(result)
  }
  return { ...standard, "~standard": { ...standard["~standard"], validate } } as unknown as typeof standard
}

/** An optional expected version for optimistic concurrency. */
export const ExpectedVersion = Schema.optionalKey(
  Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "must be 1 or more" }))
)
