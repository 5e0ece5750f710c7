/**
 * Customers and tenants for the CustomerRepository contract: explicit ids and instants, built by the domain's own
 * rules, so every adapter receives exactly what the use cases would give it.
 */

import { assert } from "@effect/vitest"
import {
  Customer,
  type CustomerQuery,
  CustomerRepository,
  Ids,
  type Page,
  type Tenant,
  Validation
} from "@patron/domain"
import { DateTime, Effect } from "effect"

const base32Digits = (n: number): Array<number> => {
  const digits: Array<number> = []
  for (let rest = n, i = 0; i < 16; i++, rest = Math.floor(rest / 32)) digits.unshift(rest % 32)
  return digits
}

/** The customer id numbered `n`; ids sort as their numbers do. */
export const customerId = (n: number) => `cus_${Ids.ulid(0, base32Digits(n))}` as Customer.CustomerId

let tenantCount = 0
/** A tenant id no other test of the run uses, so tests sharing one database never see each other's customers. */
export const freshTenantId = () => `ten_${Ids.ulid(1, base32Digits(++tenantCount))}` as Tenant.TenantId

const start = Date.UTC(2026, 0, 1)
/** The instant `minutes` (and `ms`) after the start of 2026. */
export const at = (minutes: number, ms = 0) => DateTime.makeUnsafe(start + minutes * 60_000 + ms)

/** The customer numbered `n`, created at `createdAt` from a create input (names default to `Pat Customer<n>`). */
export const build = (
  n: number,
  createdAt: DateTime.Utc,
  input: Record<string, unknown> = {},
  updatedAt?: DateTime.Utc
): Effect.Effect<Customer.Customer> =>
  Validation.decode(Customer.CreateInput)({ firstName: "Pat", lastName: `Customer${n}`, ...input }).pipe(
    Effect.flatMap((decoded) =>
      Effect.fromResult(
        Customer.make(decoded, {
          id: customerId(n),
          now: createdAt,
          addressIds: [`adr_${Ids.ulid(0, base32Digits(n))}` as never]
        })
      )
    ),
    Effect.map((customer) => (updatedAt === undefined ? customer : { ...customer, updatedAt })),
    Effect.orDie
  )

/** Inserts customers one after the other. */
export const insertAll = (tenant: Tenant.TenantId, customers: ReadonlyArray<Customer.Customer>) =>
  Effect.gen(function* () {
    const repository = yield* CustomerRepository
    yield* Effect.forEach(customers, (customer) => repository.insert(tenant, customer), { discard: true })
  })

/** Every page of a listing, following nextCursor; the ids in the order seen and how many pages it took. */
export const collect = <E = never, R = never>(
  tenant: Tenant.TenantId,
  query: CustomerQuery.ListQuery,
  between: Effect.Effect<void, E, R> = Effect.void as Effect.Effect<void, E, R>
) =>
  Effect.gen(function* () {
    const repository = yield* CustomerRepository
    const ids: Array<Customer.CustomerId> = []
    let pages = 0
    let cursor: string | null = null
    do {
      const page: Page.Page<Customer.Customer> = yield* repository.list(
        tenant,
        cursor === null ? query : { ...query, cursor }
      )
      ids.push(...page.items.map((customer) => customer.id))
      pages++
      cursor = page.nextCursor
      if (cursor !== null) yield* between
    } while (cursor !== null && pages < 1_000)
    return { ids, pages }
  })

/** The ids of the customers numbered `ns`, in that order. */
export const idsOf = (...ns: ReadonlyArray<number>) => ns.map(customerId)

/** The customer as its JSON, for comparing what was stored with what is read back. */
export const asJson = (customer: Customer.Customer) => Customer.toJson(customer)

/** Asserts a failure is the expected error: same tag, same fields. */
export const sameError = (actual: object, expected: object) => assert.deepStrictEqual({ ...actual }, { ...expected })
