/**
 * Tenants: every record belongs to one, and no operation reads or writes another tenant's data. Use cases read the
 * tenant of the caller from `CurrentTenant`, which the API's authentication provides.
 */
import { Context, Schema } from "effect"
import * as Ids from "./Ids.ts"

export const TenantId = Schema.String.check(Ids.isId("tenant")).pipe(Schema.brand("TenantId"))
export type TenantId = typeof TenantId.Type

/** The tenant on whose behalf the current operation runs. */
export class CurrentTenant extends Context.Service<CurrentTenant, { readonly id: TenantId }>()(
  "@patron/domain/CurrentTenant"
) {}
