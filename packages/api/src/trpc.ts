/**
 * The tRPC instance: plain JSON (no transformer), input problems reported as `data.issues: [{ path, message }]`, and
 * procedures that name the permission they need, enforced by one middleware.
 */
import { Permission, Tenant } from "@patron/domain"
import { initTRPC, StandardSchemaV1Error, TRPCError } from "@trpc/server"
import { Effect, Exit } from "effect"
import type { Context, Principal, Services } from "./Context.ts"
import { type Expected, fromCause, IssuesCause } from "./Failure.ts"

const pathKey = (segment: PropertyKey | { readonly key: PropertyKey }): string | number => {
  const key = typeof segment === "object" ? segment.key : segment
  return typeof key === "number" ? key : String(key)
}

const issuesOf = (cause: unknown) =>
  cause instanceof IssuesCause
    ? cause.issues
    : cause instanceof StandardSchemaV1Error
      ? cause.issues.map((issue) => ({ path: (issue.path ?? []).map(pathKey), message: issue.message }))
      : undefined

/**
 * What a procedure declares about itself, read by the API reference (`Procedures.ts`, `OpenApi.ts`): the permission it
 * needs, or null when any valid token may call it.
 */
export interface Meta {
  readonly permission: Permission.Permission | null
  /** Further permissions the caller needs besides `permission` (`customers.upsert` needs create and update). */
  readonly also?: ReadonlyArray<Permission.Permission>
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter: ({ shape, error }) => {
      const issues = issuesOf(error.cause)
      const message = issues === undefined ? shape.message : "the input is invalid"
      // Never a stack trace on the wire.
      const { stack: _stack, ...data } = shape.data
      return { ...shape, message, data: { ...data, ...(issues === undefined ? {} : { issues }) } }
    }
  })

export const router = t.router
export const createCallerFactory = t.createCallerFactory

/** Runs a use case as the caller's tenant; a failure becomes its tRPC error. */
export type Exec = <A, E extends Expected>(effect: Effect.Effect<A, E, Services | Tenant.CurrentTenant>) => Promise<A>

/**
 * A procedure behind the one middleware every procedure has: the caller must have a valid token (UNAUTHORIZED)
 * holding each of `needed` (FORBIDDEN, naming the first permission missing); it then runs use cases as the caller's
 * tenant. One middleware rather than two, as each layer costs a call a step of tRPC's chain and a copy of its context.
 */
const guarded = (meta: Meta, needed: ReadonlyArray<Permission.Permission>) =>
  t.procedure.meta(meta).use(({ ctx, next }) => {
    const principal = ctx.principal
    if (principal === null) throw new TRPCError({ code: "UNAUTHORIZED", message: "a valid API token is required" })
    const missing = needed.find((permission) => !Permission.isGranted(principal.permissions, permission))
    if (missing !== undefined) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: new Permission.PermissionDenied({ permission: missing }).message
      })
    }
    const exec: Exec = async (effect) => {
      const exit = await ctx.run(Effect.provideService(effect, Tenant.CurrentTenant, { id: principal.tenantId }))
      if (Exit.isSuccess(exit)) return exit.value
      throw fromCause(exit.cause)
    }
    return next({ ctx: { principal: principal as Principal, exec } })
  })

/** A procedure any valid token may call. */
export const anyToken = guarded({ permission: null }, [])

/**
 * A procedure that needs `permission` (and each of `also`); without one the call is FORBIDDEN, naming the first
 * permission missing.
 */
export const needs = (permission: Permission.Permission, ...also: ReadonlyArray<Permission.Permission>) =>
  guarded(also.length === 0 ? { permission } : { permission, also }, [permission, ...also])
