/**
 * Failure: each domain failure answers its own tRPC code and message; anything else answers a generic error. The map
 * names every domain error's tag, checked at compile time (`pnpm typecheck` runs the type assertions here).
 */
import { type DomainError, Order, Page, RetrySchedule, Validation } from "@patron/domain"
import { Cause } from "effect"
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest"
import { Failure } from "../src/index.ts"

afterEach(() => vi.restoreAllMocks())

describe("Failure.codes", () => {
  it("names a tRPC code for every domain error's tag, and no other tag", () => {
    expectTypeOf<keyof typeof Failure.codes>().toEqualTypeOf<DomainError.Tag>()
  })

  it("takes only domain errors", () => {
    expectTypeOf(Failure.fromDomain).toBeCallableWith(new Order.OrderNotFound({ id: "ord_1" }))
    // @ts-expect-error a failure whose tag no domain error has is not a domain failure
    expectTypeOf(Failure.fromDomain).toBeCallableWith({ _tag: "SomethingNew", message: "new" })
    const misconfigured = new RetrySchedule.RetryScheduleInvalid({ schedule: "5x", entry: "5x" })
    // @ts-expect-error the worker's configuration error never reaches a procedure, so it has no code
    expectTypeOf(Failure.fromDomain).toBeCallableWith(misconfigured)
  })
})

describe("Failure.fromCause", () => {
  it("answers a domain failure with its code and its own message", () => {
    const error = Failure.fromCause(Cause.fail(new Order.OrderNotFound({ id: "ord_1" })))
    expect({ code: error.code, message: error.message }).toEqual({
      code: "NOT_FOUND",
      message: new Order.OrderNotFound({ id: "ord_1" }).message
    })
  })

  it("carries invalid input's issues, and a field failure's field as one issue", () => {
    const issues = [{ path: ["email"], message: "must be an email address" }]
    const invalid = Failure.fromCause(Cause.fail(new Validation.InputInvalid({ issues })))
    expect(invalid.code).toBe("BAD_REQUEST")
    expect((invalid.cause as Failure.IssuesCause).issues).toEqual(issues)

    const cursor = Failure.fromCause(Cause.fail(new Page.CursorInvalid({ cursor: "nope" })))
    expect(cursor.code).toBe("BAD_REQUEST")
    expect((cursor.cause as Failure.IssuesCause).issues).toEqual([
      { path: ["cursor"], message: new Page.CursorInvalid({ cursor: "nope" }).message }
    ])
  })

  it("answers a failure that is not a domain error generically, without its message", () => {
    vi.spyOn(console, "error").mockImplementation(() => {})
    const error = Failure.fromCause(Cause.fail(new RetrySchedule.RetryScheduleInvalid({ schedule: "5x", entry: "5x" })))
    expect({ code: error.code, message: error.message }).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      message: "something went wrong on our side"
    })
  })

  it("answers the database being unavailable as SERVICE_UNAVAILABLE", () => {
    vi.spyOn(console, "error").mockImplementation(() => {})
    const error = Failure.fromCause(Cause.die({ _tag: "DatabaseUnavailable", detail: "connection refused" }))
    expect(error.code).toBe("SERVICE_UNAVAILABLE")
  })
})
