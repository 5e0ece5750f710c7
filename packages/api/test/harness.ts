/**
 * Router tests' environment: the real router over the domain's in-memory ports, callers for principals of two
 * tenants, and a principal per missing permission.
 */
import { type ApiToken, Ids, Permission, type Role, type Tenant } from "@patron/domain"
import { InMemory, InMemoryAccess, InMemoryImports, InMemoryWebhooks } from "@patron/domain/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import type { Principal, Runner } from "../src/Context.ts"
import { appRouter } from "../src/router.ts"
import { createCallerFactory } from "../src/trpc.ts"

export const tenantA = "ten_00000000000000000000000001" as Tenant.TenantId
export const tenantB = "ten_00000000000000000000000002" as Tenant.TenantId

/** A fresh in-memory world with a caller factory. */
export const world = () => {
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(InMemory.layer, InMemoryAccess.layer, InMemoryWebhooks.layer, InMemoryImports.layer, Ids.Ids.layer)
  )
  const run: Runner = (effect) => runtime.runPromiseExit(effect)
  const caller = createCallerFactory(appRouter)
  const as = (principal: Principal | null) => caller({ principal, run })
  const admin = (tenantId: Tenant.TenantId = tenantA): Principal => ({
    tenantId,
    tokenId: "pat_00000000000000000000000001" as ApiToken.ApiTokenId,
    roleId: "rol_00000000000000000000000001" as Role.RoleId,
    roleName: "admin",
    isAdmin: true,
    permissions: Permission.all
  })
  /** A holder of a custom role (one the test created, so its own role can be found). */
  const holding = (role: {
    readonly id: string
    readonly name: string
    readonly permissions: ReadonlyArray<Permission.Permission>
  }): Principal => ({
    ...admin(),
    tokenId: "pat_00000000000000000000000002" as ApiToken.ApiTokenId,
    roleId: role.id as Role.RoleId,
    roleName: role.name,
    isAdmin: false,
    permissions: role.permissions
  })
  const without = (permission: Permission.Permission): Principal =>
    holding({
      id: "rol_00000000000000000000000002",
      name: `without ${permission}`,
      permissions: Permission.all.filter((p) => p !== permission)
    })
  return { as, admin, holding, without, dispose: () => runtime.dispose(), runtime }
}

/** The error a call failed with (fails the test when it succeeded). */
export const failure = async (call: Promise<unknown>) => {
  try {
    await call
  } catch (error) {
    return error as {
      code: string
      message: string
      cause?: { issues?: ReadonlyArray<{ path: ReadonlyArray<unknown>; message: string }> }
    }
  }
  throw new Error("expected the call to fail")
}

export const runSync = Effect.runSync
