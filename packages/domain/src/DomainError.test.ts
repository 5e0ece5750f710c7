/**
 * Compile-time checks (run by `pnpm typecheck`) that `DomainError` cannot drift from the code: every effect the
 * domain exports (the use cases) fails only with a `DomainError`, and every error class the domain exports is one,
 * but the few listed here that never reach a use case's caller.
 */
import type { Effect } from "effect"
import { describe, expectTypeOf, it } from "vitest"
import type * as Domain from "./index.ts"
import type { DomainError } from "./index.ts"
import type * as RetrySchedule from "./RetrySchedule.ts"

/** Error classes no use case fails with: a bad retry schedule is the worker's configuration, refused at start. */
type NotUseCaseFailure = RetrySchedule.RetryScheduleInvalid

type Package = typeof Domain

/** Every value the package exports: the members of its namespaces, and its top-level classes themselves. */
type Exported = {
  [Name in keyof Package]: Package[Name] extends abstract new (
    ...args: never
  ) => unknown
    ? Package[Name]
    : Package[Name][keyof Package[Name]]
}[keyof Package]

/** What an exported effect, or a function returning one, can fail with. */
type FailureOf<Value> =
  Value extends Effect.Effect<unknown, infer E, unknown>
    ? E
    : Value extends (...args: never) => Effect.Effect<unknown, infer E, unknown>
      ? E
      : never

/** The instances of an exported error class. */
type ErrorOf<Value> = Value extends abstract new (
  ...args: never
) => infer Instance
  ? Instance extends Error & { readonly _tag: string }
    ? Instance
    : never
  : never

type UseCaseFailure = FailureOf<Exported>
type ExportedError = ErrorOf<Exported>

describe("DomainError", () => {
  it("holds every failure an effect of the domain can end with", () => {
    expectTypeOf<Exclude<UseCaseFailure, DomainError.DomainError>>().toEqualTypeOf<never>()
  })

  it("holds every error class the domain exports, but those no use case fails with", () => {
    expectTypeOf<Exclude<ExportedError, DomainError.DomainError | NotUseCaseFailure>>().toEqualTypeOf<never>()
    expectTypeOf<Exclude<DomainError.DomainError, ExportedError>>().toEqualTypeOf<never>()
  })

  it("names only failures some effect of the domain ends with", () => {
    expectTypeOf<UseCaseFailure["_tag"]>().toEqualTypeOf<DomainError.Tag>()
    expectTypeOf<NotUseCaseFailure>().toExtend<ExportedError>()
  })
})
