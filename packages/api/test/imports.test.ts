import { CustomerImports, Tenant } from "@patron/domain"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { failure, tenantA, tenantB, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

const started = () =>
  current.runtime.runPromise(
    CustomerImports.start({ dryRun: true, match: { kind: "externalReference", key: "erp" }, owner: "test" }).pipe(
      Effect.provideService(Tenant.CurrentTenant, { id: tenantA })
    )
  )

describe("imports.get", () => {
  it("answers the report of an import of the caller's tenant", async () => {
    const job = await started()
    const report = await current.as(current.admin()).imports.get({ id: job.id })
    expect(report).toMatchObject({
      id: job.id,
      status: "running",
      dryRun: true,
      match: "externalReference:erp",
      total: 0,
      errors: []
    })
  })

  it("is NOT_FOUND for another tenant's import, FORBIDDEN without customers:read, and refuses a malformed id", async () => {
    const job = await started()
    const other = await failure(current.as(current.admin(tenantB)).imports.get({ id: job.id }))
    expect([other.code, other.message]).toEqual(["NOT_FOUND", `import ${job.id} not found`])
    const refused = await failure(current.as(current.without("customers:read")).imports.get({ id: job.id }))
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "missing permission customers:read"])
    const malformed = await failure(current.as(current.admin()).imports.get({ id: "cus_1" } as never))
    expect(malformed.code).toBe("BAD_REQUEST")
  })
})
