/**
 * Subscription contract use cases: creation for an existing customer, patches, the lifecycle transitions and deletion,
 * each written with its event. Contracts are returned as of now (state and current period re-derived).
 */

import { DateTime, Effect, Option } from "effect"
import * as ContractLifecycle from "../ContractLifecycle.ts"
import * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import type { ContractQuery } from "../ports/SubscriptionContractRepository.ts"
import { SubscriptionContractRepository } from "../ports/SubscriptionContractRepository.ts"
import { Transactions } from "../ports/Transactions.ts"
import * as SubscriptionContract from "../SubscriptionContract.ts"
import { CurrentTenant } from "../Tenant.ts"
import type * as Validation from "../Validation.ts"
import * as Version from "../Version.ts"
import * as Customers from "./Customers.ts"
import { publish } from "./publish.ts"

type Contract = SubscriptionContract.SubscriptionContract

/**
 * Finds a contract of the current tenant as of now, or fails with SubscriptionContractNotFound; inside a transaction,
 * `lock` holds its row until the transaction ends.
 */
export const get = Effect.fn("SubscriptionContracts.get")(function* (
  id: string,
  options?: { readonly lock?: "update" }
) {
  const tenant = yield* CurrentTenant
  const found = yield* (yield* SubscriptionContractRepository).find(tenant.id, id, options)
  const now = yield* DateTime.now
  return yield* Option.match(found, {
    onNone: () => Effect.fail(new SubscriptionContract.SubscriptionContractNotFound({ id })),
    onSome: (contract) => Effect.succeed(SubscriptionContract.asOf(contract, now))
  })
})

/** One page of contracts, newest first, optionally one customer's or in one state. */
export const list = Effect.fn("SubscriptionContracts.list")(function* (query: Omit<ContractQuery, "now">) {
  const tenant = yield* CurrentTenant
  const now = yield* DateTime.now
  const page = yield* (yield* SubscriptionContractRepository).list(tenant.id, { ...query, now })
  return { ...page, items: page.items.map((contract) => SubscriptionContract.asOf(contract, now)) }
})

/** Creates a contract for an existing customer and emits `subscription_contract.created`. */
export const create = Effect.fn("SubscriptionContracts.create")(function* (input: SubscriptionContract.CreateInput) {
  const tenant = yield* CurrentTenant
  const id = (yield* (yield* Ids).make("subscriptionContract")) as SubscriptionContract.SubscriptionContractId
  const repository = yield* SubscriptionContractRepository
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      yield* Customers.get({ id: input.customerId }, { lock: "share" })
      const contract = SubscriptionContract.make(input, { id, now: yield* DateTime.now })
      yield* repository.insert(tenant.id, contract)
      yield* publish([new DomainEvent.SubscriptionContractCreated({ data: contract })])
      return contract
    })
  )
})

/**
 * Reads a contract, checks the expected version, writes the changed contract and emits its update, in one transaction
 * that locks the row from the read on: without `expectedVersion`, concurrent changes take turns instead of conflicting.
 */
const change = (
  id: string,
  expectedVersion: number | undefined,
  changeOf: (
    contract: Contract,
    now: DateTime.Utc
  ) => Effect.Effect<Contract, ContractLifecycle.ContractTransitionInvalid | Validation.InputInvalid>
) =>
  Effect.gen(function* () {
    const tenant = yield* CurrentTenant
    const repository = yield* SubscriptionContractRepository
    return yield* (yield* Transactions).run(
      Effect.gen(function* () {
        const current = yield* get(id, { lock: "update" })
        yield* Version.check(current.id, expectedVersion, current.version)
        const changed = yield* changeOf(current, yield* DateTime.now)
        yield* repository.update(tenant.id, changed)
        yield* publish([new DomainEvent.SubscriptionContractUpdated({ data: changed })])
        return changed
      })
    )
  })

/** Applies a patch to a contract and emits `subscription_contract.updated`. */
export const update = Effect.fn("SubscriptionContracts.update")(function* (input: {
  readonly id: string
  readonly expectedVersion?: number
  readonly patch: SubscriptionContract.PatchInput
}) {
  return yield* change(input.id, input.expectedVersion, (contract, now) =>
    Effect.fromResult(SubscriptionContract.applyPatch(contract, input.patch, now))
  )
})

/** Moves a contract through a lifecycle transition (illegal ones fail naming the state) and emits its update. */
export const transition = Effect.fn("SubscriptionContracts.transition")(function* (
  name: ContractLifecycle.Transition,
  input: { readonly id: string; readonly expectedVersion?: number }
) {
  return yield* change(input.id, input.expectedVersion, (contract, now) =>
    Effect.fromResult(ContractLifecycle.transition(contract, name, now))
  )
})

/** Deletes a contract with its usage records and emits `subscription_contract.deleted`. */
export const remove = Effect.fn("SubscriptionContracts.remove")(function* (id: string) {
  const tenant = yield* CurrentTenant
  const repository = yield* SubscriptionContractRepository
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const contract = yield* get(id)
      yield* repository.remove(tenant.id, [contract.id])
      yield* publish([new DomainEvent.SubscriptionContractDeleted({ data: contract })])
      return { id: contract.id }
    })
  )
})
