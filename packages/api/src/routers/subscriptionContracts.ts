/**
 * `subscriptionContracts.*`: creation, lookup, listing, patches, the lifecycle transitions and deletion.
 */
import { Customer, InputRules, Page, SubscriptionContract, SubscriptionContracts } from "@patron/domain"
import { Effect, Schema } from "effect"
import { ExpectedVersion, input } from "../Input.ts"
import { paged } from "../Paged.ts"
import { needs, router } from "../trpc.ts"

const Id = SubscriptionContract.SubscriptionContractId
const ById = Schema.Struct({ id: Id, expectedVersion: ExpectedVersion })
const toJson = Effect.map(SubscriptionContract.toJson)

const ListInput = Schema.Struct({
  customerId: Schema.optionalKey(Customer.CustomerId),
  state: Schema.optionalKey(SubscriptionContract.State),
  cursor: Schema.optionalKey(Page.Cursor),
  limit: Schema.optionalKey(Page.Limit)
})

const transition = (name: "pause" | "resume" | "renew") =>
  needs("subscriptionContracts:update")
    .input(input(ById))
    .mutation(({ ctx, input }) => ctx.exec(SubscriptionContracts.transition(name, input).pipe(toJson)))

export const subscriptionContracts = router({
  create: needs("subscriptionContracts:create")
    .input(input(SubscriptionContract.CreateInput, ...SubscriptionContract.inputRules))
    .mutation(({ ctx, input }) => ctx.exec(SubscriptionContracts.create(input).pipe(toJson))),
  get: needs("subscriptionContracts:read")
    .input(input(Schema.Struct({ id: Id })))
    .query(({ ctx, input }) => ctx.exec(SubscriptionContracts.get(input.id).pipe(toJson))),
  list: needs("subscriptionContracts:read")
    .input(input(paged(ListInput)))
    .query(({ ctx, input }) =>
      ctx.exec(
        SubscriptionContracts.list(input).pipe(
          Effect.map((page) => ({ items: page.items.map(SubscriptionContract.toJson), nextCursor: page.nextCursor }))
        )
      )
    ),
  update: needs("subscriptionContracts:update")
    .input(
      input(
        Schema.Struct({ id: Id, expectedVersion: ExpectedVersion, patch: SubscriptionContract.PatchInput }),
        InputRules.under(["patch"], ...SubscriptionContract.inputRules)
      )
    )
    .mutation(({ ctx, input }) => ctx.exec(SubscriptionContracts.update(input).pipe(toJson))),
  cancel: needs("subscriptionContracts:update")
    .input(
      input(
        Schema.Struct({ id: Id, expectedVersion: ExpectedVersion, atPeriodEnd: Schema.optionalKey(Schema.Boolean) })
      )
    )
    .mutation(({ ctx, input }) =>
      ctx.exec(
        SubscriptionContracts.transition(input.atPeriodEnd === true ? "cancelAtPeriodEnd" : "cancel", input).pipe(
          toJson
        )
      )
    ),
  pause: transition("pause"),
  resume: transition("resume"),
  renew: transition("renew"),
  delete: needs("subscriptionContracts:delete")
    .input(input(Schema.Struct({ id: Id })))
    .mutation(({ ctx, input }) => ctx.exec(SubscriptionContracts.remove(input.id)))
})
