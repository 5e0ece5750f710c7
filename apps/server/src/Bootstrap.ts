/**
 * First start on an empty database (PRODUCT.md §1): the tenant `default`, its admin role and an admin token (the
 * value of PATRON_ADMIN_TOKEN, or random), written to `<dataDir>/admin-token` with mode 600.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Tenants } from "@patron/db"
import { Access, Ids, type Tenant } from "@patron/domain"
import { Effect, Option } from "effect"

/** Where the admin token of the first start is written: `<dataDir>/admin-token`. */
export const tokenFileOf = (dataDir: string): string => join(dataDir, "admin-token")

/** Makes sure the default tenant and its admin token exist; returns the token's secret when it was created now. */
export const bootstrap = (options: { readonly adminToken: Option.Option<string>; readonly dataDir: string }) =>
  Effect.gen(function* () {
    const proposedId = (yield* (yield* Ids.Ids).make("tenant")) as Tenant.TenantId
    const tenantId = yield* Tenants.ensure({ id: proposedId, name: "default" })
    const result = yield* Access.bootstrapTenant({
      tenantId,
      ...(Option.isSome(options.adminToken) ? { adminSecret: options.adminToken.value } : {})
    })
    const created = Option.map(result.created, ({ secret }) => {
      mkdirSync(options.dataDir, { recursive: true })
      const file = tokenFileOf(options.dataDir)
      writeFileSync(file, `${secret}\n`, { mode: 0o600 })
      chmodSync(file, 0o600)
      return { secret, file }
    })
    return { tenantId, created, isNewTenant: tenantId === proposedId }
  })
