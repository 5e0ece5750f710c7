import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Result, Schema } from "effect"
import * as Permission from "./Permission.ts"

const readOnly: ReadonlyArray<Permission.Permission> = ["customers:read", "orders:read", "webhooks:read"]

describe("Permission.all", () => {
  it("lists the 24 resource:action pairs once each", () => {
    assert.strictEqual(Permission.all.length, 24)
    assert.strictEqual(new Set(Permission.all).size, 24)
    assert.include(Permission.all, "subscriptionContracts:update")
    assert.include(Permission.all, "access:delete")
  })
})

describe("Permission.Permission", () => {
  it("accepts every catalogued permission and refuses anything else", () => {
    for (const permission of Permission.all) assert.isTrue(Schema.is(Permission.Permission)(permission))
    for (const other of ["customers:*", "customer:read", "Customers:read", "usage:list", "*", ""]) {
      assert.isTrue(Result.isFailure(Schema.decodeUnknownResult(Permission.Permission)(other)), other)
    }
  })
})

describe("Permission.check", () => {
  const table: ReadonlyArray<
    readonly [
      string,
      ReadonlyArray<Permission.Permission> | ReadonlySet<Permission.Permission>,
      Permission.Permission,
      boolean
    ]
  > = [
    ["a listed permission", readOnly, "customers:read", true],
    ["another action on a listed resource", readOnly, "customers:delete", false],
    ["an unlisted resource", readOnly, "usage:read", false],
    ["nothing granted", [], "customers:read", false],
    ["everything granted", Permission.all, "access:delete", true],
    ["a set of permissions", new Set<Permission.Permission>(["usage:create"]), "usage:create", true],
    ["a set without it", new Set<Permission.Permission>(["usage:create"]), "usage:read", false]
  ]
  for (const [name, granted, required, allowed] of table) {
    it(`${allowed ? "allows" : "denies"} ${name} (${required})`, () => {
      const exit = Effect.runSyncExit(Permission.check(granted, required))
      assert.strictEqual(Exit.isSuccess(exit), allowed)
    })
  }

  it("names the missing permission in the error message", () => {
    const error = Effect.runSync(Effect.flip(Permission.check(readOnly, "customers:delete")))
    assert.strictEqual(error._tag, "PermissionDenied")
    assert.strictEqual(error.permission, "customers:delete")
    assert.strictEqual(error.message, "missing permission customers:delete")
  })
})
