/**
 * `customers.*`: thin procedures over the customer use cases; outputs are the customers' JSON.
 */
import {
  Customer,
  CustomerBatchUpserts,
  CustomerQuery,
  Customers,
  CustomerUpsert,
  CustomerUpserts,
  type Deletion,
  InputRules
} from "@patron/domain"
import { Effect, Schema } from "effect"
import { documentedAs, ExpectedVersion, input } from "../Input.ts"
import { paged } from "../Paged.ts"
import { needs, router } from "../trpc.ts"

const ById = Schema.Struct({ id: Customer.CustomerId })

export const customers = router({
  list: needs("customers:read")
    .input(input(paged(CustomerQuery.ListQuery)))
    .query(({ ctx, input }) =>
      ctx.exec(
        Customers.list(input).pipe(
          Effect.map((page) => ({ items: page.items.map(Customer.toJson), nextCursor: page.nextCursor }))
        )
      )
    ),
  get: needs("customers:read")
    .input(input(Customer.Lookup))
    // The customer as stored is what the API sends: no decoding and encoding again on the most frequent call.
    .query(({ ctx, input }) => ctx.exec(Customers.read(input))),
  create: needs("customers:create")
    .input(input(Customer.CreateInput, ...Customer.inputRules))
    .mutation(({ ctx, input }) => ctx.exec(Customers.create(input).pipe(Effect.map(Customer.toJson)))),
  update: needs("customers:update")
    .input(
      input(
        Schema.Struct({ id: Customer.CustomerId, expectedVersion: ExpectedVersion, patch: Customer.Patch }),
        InputRules.under(["patch"], ...Customer.inputRules)
      )
    )
    .mutation(({ ctx, input }) => ctx.exec(Customers.update(input).pipe(Effect.map(Customer.toJson)))),
  upsert: needs("customers:create", "customers:update")
    .input(input(CustomerUpsert.Row, ...CustomerUpsert.rowRules))
    .mutation(({ ctx, input }) =>
      ctx.exec(
        CustomerUpserts.upsert(input).pipe(
          Effect.map(({ customer, outcome }) => ({ customer: Customer.toJson(customer), outcome }))
        )
      )
    ),
  // Rows are decoded one by one by the use case, so a bad row fails alone under errorPolicy rejectFailedRows.
  upsertMany: needs("customers:create", "customers:update")
    .input(documentedAs(input(CustomerUpsert.BatchInput), CustomerUpsert.DocumentedBatchInput))
    .mutation(({ ctx, input }) => ctx.exec(CustomerBatchUpserts.upsertMany(input))),
  deletionPreview: needs("customers:read")
    .input(input(ById))
    .query(({ ctx, input }) => ctx.exec(Customers.deletionPreview(input.id).pipe(Effect.map(previewJson)))),
  delete: needs("customers:delete")
    .input(input(Schema.Struct({ id: Customer.CustomerId, expectedVersion: ExpectedVersion })))
    .mutation(({ ctx, input }) => ctx.exec(Customers.remove(input)))
})

const previewJson = ({ preservedOrderCount, deletedSubscriptionContractIds }: Deletion.Outcome) => ({
  preservedOrderCount,
  deletedSubscriptionContractIds
})
