/**
 * The environment use-case tests run in: in-memory ports, sequential ids, a tenant, and the clock set to a known day.
 */
import { Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import { Ids } from "../src/Ids.ts"
import { CurrentTenant, type TenantId } from "../src/Tenant.ts"
import * as InMemory from "../src/testing/InMemory.ts"
import * as Access from "../src/usecases/Access.ts"

export const tenantA = "ten_00000000000000000000000001" as TenantId
export const tenantB = "ten_00000000000000000000000002" as TenantId

/** Runs an effect as a tenant. */
export const asTenant =
  (id: TenantId) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.provideService(effect, CurrentTenant, { id })

/** In-memory ports with sequential ids. */
export const layer = Layer.mergeAll(InMemory.layer, Ids.layerSequential)

/** Sets the test clock to an ISO instant. */
export const setNow = (iso: string) => TestClock.setTime(Date.parse(iso))

/** Bootstraps a tenant and gives back its admin role and the admin token's secret. */
export const bootstrap = (tenantId: TenantId) =>
  Effect.map(Access.bootstrapTenant({ tenantId }), ({ adminRole, created }) => ({
    adminRole,
    secret: Option.getOrThrow(created).secret
  }))
