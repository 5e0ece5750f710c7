import { assert, describe, it } from "@effect/vitest"
import { DateTime, Result } from "effect"
import * as Grant from "./Grant.ts"
import * as Permission from "./Permission.ts"
import * as Role from "./Role.ts"

const now = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const admin = Role.admin({ id: "rol_01JBZ0000000000000000000A1" as Role.RoleId, now })
const custom = (id: string, permissions: ReadonlyArray<Permission.Permission>) =>
  Role.make({ name: id, permissions }, { id: `rol_01JBZ0000000000000000000${id}` as Role.RoleId, now })

const creator = Grant.ofRole(custom("C1", ["access:create", "customers:read"]))
const everythingButAdmin = Grant.ofRole(custom("E1", Permission.all))
const adminGrantor = Grant.ofRole(admin)

/** The message a failed check carries, or "ok". */
const outcome = (result: Result.Result<void, { readonly message: string }>) =>
  Result.isFailure(result) ? result.failure.message : "ok"

describe("Grant.ofRole", () => {
  it("makes a holder of the built-in role the admin grantor, and a holder of any custom role not", () => {
    assert.deepStrictEqual(adminGrantor, { permissions: Permission.all, isAdmin: true })
    assert.isFalse(everythingButAdmin.isAdmin)
  })
})

describe("Grant.check", () => {
  it("allows granting permissions the grantor holds, any subset of them, and none", () => {
    assert.strictEqual(outcome(Grant.check(creator, ["customers:read", "access:create"])), "ok")
    assert.strictEqual(outcome(Grant.check(creator, ["customers:read"])), "ok")
    assert.strictEqual(outcome(Grant.check(creator, [])), "ok")
  })

  it("refuses a permission the grantor lacks, naming every missing one in catalogue order", () => {
    const result = Grant.check(creator, ["webhooks:update", "customers:read", "usage:delete"])
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.strictEqual(result.failure._tag, "GrantExceedsOwn")
      assert.deepStrictEqual(result.failure.missing, ["usage:delete", "webhooks:update"])
      assert.strictEqual(
        result.failure.message,
        "cannot grant permissions you do not hold: usage:delete, webhooks:update"
      )
    }
  })

  it("lets the admin role grant every permission", () => {
    assert.strictEqual(outcome(Grant.check(adminGrantor, Permission.all)), "ok")
    assert.strictEqual(outcome(Grant.check(Grant.operator, Permission.all)), "ok")
  })
})

describe("Grant.checkToken", () => {
  it("allows a token for a role whose permissions the grantor holds, its own role included", () => {
    assert.strictEqual(outcome(Grant.checkToken(creator, custom("C2", ["customers:read"]))), "ok")
    assert.strictEqual(outcome(Grant.checkToken(creator, custom("C1", ["access:create", "customers:read"]))), "ok")
  })

  it("refuses a token for a role above the grantor, naming what it lacks", () => {
    const above = custom("C3", ["customers:read", "customers:delete", "access:update"])
    assert.strictEqual(
      outcome(Grant.checkToken(creator, above)),
      "cannot grant permissions you do not hold: customers:delete, access:update"
    )
  })

  it("gives tokens of the admin role only to the admin role, not to a custom role holding every permission", () => {
    assert.strictEqual(
      outcome(Grant.checkToken(everythingButAdmin, admin)),
      "only the admin role can create tokens for the admin role"
    )
    assert.strictEqual(outcome(Grant.checkToken(adminGrantor, admin)), "ok")
  })
})

describe("Grant.checkReach", () => {
  it("lets a grantor change, delete and revoke tokens of roles whose permissions it holds, its own included", () => {
    const own = custom("C1", ["access:create", "customers:read"])
    for (const action of ["update", "delete", "revokeToken"] as const) {
      assert.strictEqual(outcome(Grant.checkReach(creator, own, action)), "ok")
      assert.strictEqual(outcome(Grant.checkReach(creator, custom("C4", []), action)), "ok")
    }
  })

  it("keeps a role holding a permission the grantor lacks out of reach, naming the role and the permissions", () => {
    const above = custom("C5", ["customers:read", "usage:delete"])
    const result = Grant.checkReach(creator, above, "update")
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.strictEqual(result.failure._tag, "RoleOutOfReach")
      assert.strictEqual(
        result.failure.message,
        `cannot change role ${above.id}: it holds permissions you do not hold: usage:delete`
      )
    }
    assert.strictEqual(
      outcome(Grant.checkReach(creator, above, "revokeToken")),
      `cannot revoke a token of role ${above.id}: it holds permissions you do not hold: usage:delete`
    )
    assert.include(outcome(Grant.checkReach(creator, above, "delete")), `cannot delete role ${above.id}`)
  })

  it("keeps the admin role out of every custom role's reach, and within the admin role's", () => {
    assert.strictEqual(
      outcome(Grant.checkReach(everythingButAdmin, admin, "revokeToken")),
      "only the admin role can revoke tokens of the admin role"
    )
    assert.strictEqual(
      outcome(Grant.checkReach(everythingButAdmin, admin, "update")),
      "roles other than admin cannot change the admin role"
    )
    assert.strictEqual(outcome(Grant.checkReach(adminGrantor, admin, "revokeToken")), "ok")
    assert.strictEqual(outcome(Grant.checkReach(adminGrantor, custom("C6", Permission.all), "delete")), "ok")
  })
})
