/**
 * The CustomerRepository contract on the domain's in-memory reference and on the SQL adapter over each driver.
 */
import { InMemory } from "@patron/domain/testing"
import { Effect, Layer } from "effect"
import * as CustomerRepositoryLive from "../src/CustomerRepository.ts"
import * as Tenants from "../src/Tenants.ts"
import * as TransactionsLive from "../src/Transactions.ts"
import { customerRepositoryContract } from "./contracts/CustomerRepository.ts"
import { drivers } from "./databases.ts"

customerRepositoryContract("the in-memory reference", () => InMemory.layer)

for (const driver of await drivers()) {
  customerRepositoryContract(
    driver.name,
    () => Layer.mergeAll(CustomerRepositoryLive.layer, TransactionsLive.layer).pipe(Layer.provideMerge(driver.layer())),
    {
      setup: (tenant) => Effect.asVoid(Tenants.ensure({ id: tenant, name: tenant })),
      ...(driver.skip === undefined ? {} : { skip: driver.skip })
    }
  )
}
