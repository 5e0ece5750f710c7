import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Result, Schema } from "effect"
import * as Permission from "./Permission.ts"
import * as Role from "./Role.ts"
import * as Validation from "./Validation.ts"

const created = DateTime.makeUnsafe("2026-11-24T12:00:00Z")
const later = DateTime.makeUnsafe("2026-11-25T08:00:00Z")
const adminId = "rol_01JBZ0000000000000000000A1" as Role.RoleId
const supportId = "rol_01JBZ0000000000000000000A2" as Role.RoleId

const admin = Role.admin({ id: adminId, now: created })
const support = Role.make(
  { name: "support", permissions: ["customers:read", "orders:read"] },
  { id: supportId, now: created }
)

describe("Role.admin", () => {
  it("is the built-in role named admin holding every permission", () => {
    assert.strictEqual(admin.name, Role.adminRoleName)
    assert.isTrue(admin.isBuiltIn)
    assert.deepStrictEqual([...admin.permissions].sort(), [...Permission.all].sort())
  })

  it("round-trips through its JSON form", () => {
    const json = Schema.encodeSync(Role.Role)(admin)
    assert.strictEqual(json.createdAt, "2026-11-24T12:00:00.000Z")
    assert.deepStrictEqual(Schema.decodeUnknownSync(Role.Role)(json), admin)
  })
})

describe("Role.ensureMutable", () => {
  it("refuses the admin role with RoleImmutable naming its id", () => {
    const result = Role.ensureMutable(admin)
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.strictEqual(result.failure._tag, "RoleImmutable")
      assert.strictEqual(result.failure.id, adminId)
      assert.include(result.failure.message, "cannot be changed or deleted")
    }
  })

  it("lets a custom role be changed", () => {
    assert.deepStrictEqual(Role.ensureMutable(support), Result.succeed(support))
  })
})

describe("Role.applyPatch", () => {
  it("replaces the permission set and stamps updatedAt", () => {
    const patched = Result.getOrThrow(Role.applyPatch(support, { permissions: ["usage:read"] }, later))
    assert.deepStrictEqual(patched.permissions, ["usage:read"])
    assert.strictEqual(patched.name, "support")
    assert.deepStrictEqual(patched.updatedAt, later)
    assert.deepStrictEqual(patched.createdAt, created)
  })

  it("never changes the admin role", () => {
    assert.isTrue(Result.isFailure(Role.applyPatch(admin, { permissions: [] }, later)))
  })
})

describe("Role.CreateInput", () => {
  const issuesOf = (input: unknown) =>
    Effect.runSync(Validation.decode(Role.CreateInput)(input).pipe(Effect.flip)).issues.map((issue) =>
      issue.path.join(".")
    )

  it("accepts a role without permissions", () => {
    const input = Effect.runSync(Validation.decode(Role.CreateInput)({ name: "  auditor ", permissions: [] }))
    assert.deepStrictEqual(input, { name: "auditor", permissions: [] })
  })

  it("refuses empty or overlong names, unknown permissions and repeated ones", () => {
    assert.deepStrictEqual(issuesOf({ name: "", permissions: [] }), ["name"])
    assert.deepStrictEqual(issuesOf({ name: "x".repeat(101), permissions: [] }), ["name"])
    assert.deepStrictEqual(issuesOf({ name: "ops", permissions: ["customers:purge"] }), ["permissions.0"])
    assert.deepStrictEqual(issuesOf({ name: "ops", permissions: ["usage:read", "usage:read"] }), ["permissions"])
  })
})

describe("Role errors", () => {
  it("name the role or the name they concern", () => {
    assert.strictEqual(new Role.RoleNotFound({ id: supportId }).message, `role ${supportId} not found`)
    assert.strictEqual(new Role.RoleNameTaken({ name: "support" }).message, "a role named support already exists")
  })
})
