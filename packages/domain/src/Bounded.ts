/**
 * Lists and maps whose size is checked before their entries. `Schema.Array(item).check(Schema.isMaxLength(20))`
 * decodes every element first and only then counts them, so 200,000 bad elements cost 200,000 decodings and as many
 * reported problems. Here the size check runs on the input as sent: past the limit, the list is refused by its size
 * alone, with one problem at its path, and no element is decoded. Within it, elements decode as usual.
 */
import { type Schema as S, Schema, type SchemaAST, SchemaTransformation } from "effect"

type Size<T> = readonly [SchemaAST.Check<T>, ...Array<SchemaAST.Check<T>>]

/** An array of `item` whose size checks (e.g. `Schema.isMaxLength(20, …)`) run before any element is decoded. */
export const array = <Item extends S.Top>(item: Item, ...size: Size<ReadonlyArray<unknown>>) => {
  const decoded = Schema.Array(item)
  const sized = Schema.declare((input): input is typeof decoded.Encoded => Array.isArray(input), {
    expected: "array"
  }).check(...size)
  // Checked again once decoded, where it always holds, so the decoded type carries the bound too (generated values).
  return sized.pipe(Schema.decodeTo(decoded.check(...size), SchemaTransformation.passthrough()))
}

const isPlainObject = (input: unknown): input is object =>
  typeof input === "object" && input !== null && !Array.isArray(input)

/** A `key → value` map whose size checks (e.g. `Schema.isMaxProperties(50, …)`) run before any entry is decoded. */
export const record = <Key extends S.Record.Key, Value extends S.Top>(
  key: Key,
  value: Value,
  ...size: Size<object>
) => {
  const decoded = Schema.Record(key, value)
  const sized = Schema.declare((input): input is typeof decoded.Encoded => isPlainObject(input), {
    expected: "object"
  }).check(...size)
  return sized.pipe(Schema.decodeTo(decoded.check(...size), SchemaTransformation.passthrough()))
}
