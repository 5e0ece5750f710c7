/**
 * Customer use cases: each write runs in one transaction together with its outbox events.
 */
import { DateTime, Effect, Option } from "effect"
import * as Address from "../Address.ts"
import * as Customer from "../Customer.ts"
import type * as CustomerQuery from "../CustomerQuery.ts"
import * as Deletion from "../Deletion.ts"
import * as DomainEvent from "../DomainEvent.ts"
import { Ids } from "../Ids.ts"
import { CustomerRepository } from "../ports/CustomerRepository.ts"
import { OrderRepository } from "../ports/OrderRepository.ts"
import { SubscriptionContractRepository } from "../ports/SubscriptionContractRepository.ts"
import { Transactions } from "../ports/Transactions.ts"
import * as SubscriptionContract from "../SubscriptionContract.ts"
import { CurrentTenant } from "../Tenant.ts"
import * as Version from "../Version.ts"
import { publish } from "./publish.ts"

/** New ids for the addresses of `inputs` that come without one. */
export const newAddressIds = Effect.fnUntraced(function* (inputs: ReadonlyArray<Address.AddressInput> | undefined) {
  const ids = yield* Ids
  const made = yield* Effect.forEach(Array.from({ length: Address.missingIds(inputs ?? []) }), () =>
    ids.make("address")
  )
  return made as ReadonlyArray<string> as ReadonlyArray<Address.AddressId>
})

/**
 * Finds a customer of the current tenant or fails with CustomerNotFound; inside a transaction, `lock` holds its row
 * (see `CustomerRepository.find`).
 */
export const get = Effect.fn("Customers.get")(function* (
  lookup: Customer.Lookup,
  options?: { readonly lock?: "update" | "share" }
) {
  const tenant = yield* CurrentTenant
  const found = yield* (yield* CustomerRepository).find(tenant.id, lookup, options)
  return yield* Option.match(found, {
    onNone: () => Effect.fail(new Customer.CustomerNotFound({ lookup })),
    onSome: Effect.succeed
  })
})

/**
 * Finds a customer of the current tenant as `get` does and answers its encoded form as stored (what the API sends),
 * without decoding and encoding it again.
 */
export const read = Effect.fn("Customers.read")(function* (lookup: Customer.Lookup) {
  const tenant = yield* CurrentTenant
  const found = yield* (yield* CustomerRepository).read(tenant.id, lookup)
  return yield* Option.match(found, {
    onNone: () => Effect.fail(new Customer.CustomerNotFound({ lookup })),
    onSome: Effect.succeed
  })
})

/** One page of the current tenant's customers. */
export const list = Effect.fn("Customers.list")(function* (query: CustomerQuery.ListQuery) {
  const tenant = yield* CurrentTenant
  return yield* (yield* CustomerRepository).list(tenant.id, query)
})

/** A new customer from a create input, with new ids and the clock's now; stores nothing. */
export const build = Effect.fnUntraced(function* (input: Customer.CreateInput) {
  const id = (yield* (yield* Ids).make("customer")) as Customer.CustomerId
  const now = yield* DateTime.now
  const addressIds = yield* newAddressIds(input.addresses)
  return yield* Effect.fromResult(Customer.make(input, { id, now, addressIds }))
})

/** Creates a customer and emits `customer.created`. */
export const create = Effect.fn("Customers.create")(function* (input: Customer.CreateInput) {
  const tenant = yield* CurrentTenant
  const customer = yield* build(input)
  const repository = yield* CustomerRepository
  yield* (yield* Transactions).run(
    Effect.gen(function* () {
      yield* repository.insert(tenant.id, customer)
      yield* publish([new DomainEvent.CustomerCreated({ data: customer })])
    })
  )
  return customer
})

/** The input of `customers.update`. */
export interface UpdateInput {
  readonly id: Customer.CustomerId
  readonly expectedVersion?: number
  readonly patch: Customer.Patch
}

/**
 * Applies a patch to a customer (stale `expectedVersion` changes nothing) and emits `customer.updated`. The row is
 * locked from the read to the commit, so a patch without `expectedVersion` applies to whatever is current and
 * concurrent patches take turns instead of conflicting.
 */
export const update = Effect.fn("Customers.update")(function* (input: UpdateInput) {
  const tenant = yield* CurrentTenant
  const repository = yield* CustomerRepository
  const addressIds = yield* newAddressIds(input.patch.addresses)
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      const current = yield* get({ id: input.id }, { lock: "update" })
      yield* Version.check(current.id, input.expectedVersion, current.version)
      const now = yield* DateTime.now
      const patched = yield* Effect.fromResult(Customer.applyPatch(current, input.patch, { now, addressIds }))
      yield* repository.update(tenant.id, patched)
      yield* publish([new DomainEvent.CustomerUpdated({ data: patched })])
      return patched
    })
  )
})

const planDeletion = Effect.fnUntraced(function* (id: Customer.CustomerId, lock?: "update") {
  const tenant = yield* CurrentTenant
  const customer = yield* get({ id }, lock === undefined ? {} : { lock })
  const orderCount = yield* (yield* OrderRepository).countForCustomer(tenant.id, id)
  const contracts = yield* (yield* SubscriptionContractRepository).listForCustomer(tenant.id, id)
  const now = yield* DateTime.now
  // Their events carry each contract as the API would show it now, not as last written.
  return Deletion.plan(
    customer,
    orderCount,
    contracts.map((contract) => SubscriptionContract.asOf(contract, now))
  )
})

/** What deleting a customer would do, without doing it: the orders kept and the contracts deleted. */
export const deletionPreview = Effect.fn("Customers.deletionPreview")(function* (id: Customer.CustomerId) {
  const plan = yield* planDeletion(id)
  return Deletion.outcome(plan)
})

/**
 * Deletes a customer with its subscription contracts and their usage, keeping its orders; emits `customer.deleted`
 * and one `subscription_contract.deleted` per contract, all in one transaction.
 */
export const remove = Effect.fn("Customers.remove")(function* (input: {
  readonly id: Customer.CustomerId
  readonly expectedVersion?: number
}) {
  const tenant = yield* CurrentTenant
  const customers = yield* CustomerRepository
  const contracts = yield* SubscriptionContractRepository
  return yield* (yield* Transactions).run(
    Effect.gen(function* () {
      // The customer's row stays locked until the deletion commits: no order or contract can be added meanwhile.
      const plan = yield* planDeletion(input.id, "update")
      yield* Version.check(plan.customer.id, input.expectedVersion, plan.customer.version)
      yield* contracts.remove(
        tenant.id,
        plan.deletedContracts.map((contract) => contract.id)
      )
      yield* customers.remove(tenant.id, plan.customer.id, plan.customer.version)
      yield* publish(plan.events)
      return Deletion.outcome(plan)
    })
  )
})
