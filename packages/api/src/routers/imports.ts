/**
 * `imports.*`: the report of a CSV import of customers (`POST /import/customers` starts one; docs/csv.md).
 */
import { CustomerImport, CustomerImports } from "@patron/domain"
import { Schema } from "effect"
import { input } from "../Input.ts"
import { needs, router } from "../trpc.ts"

export const imports = router({
  get: needs("customers:read")
    .input(input(Schema.Struct({ id: CustomerImport.ImportId })))
    .query(({ ctx, input }) => ctx.exec(CustomerImports.get(input.id)))
})
