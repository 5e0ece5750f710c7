/**
 * The whole persistence layer in one: the database chosen by configuration (PostgreSQL when a URL is given, else
 * embedded PGlite, file-backed under a data directory or in memory), migrated on start, and every domain port on it.
 */
import { Layer } from "effect"
import * as CustomerRepository from "./CustomerRepository.ts"
import { type Database, layerPGlite, layerPostgres } from "./Database.ts"
import { migrate } from "./Migrator.ts"
import * as OrderRepository from "./OrderRepository.ts"
import * as Outbox from "./Outbox.ts"
import * as SubscriptionContractRepository from "./SubscriptionContractRepository.ts"
import * as Transactions from "./Transactions.ts"
import * as UsageRepository from "./UsageRepository.ts"

/** Where the data lives. */
export type Config =
  | { readonly _tag: "Postgres"; readonly url: string; readonly maxConnections?: number }
  | { readonly _tag: "PGlite"; readonly dataDir?: string }

/** Every port the domain declares, over a database. */
export const ports = Layer.mergeAll(
  CustomerRepository.layer,
  OrderRepository.layer,
  SubscriptionContractRepository.layer,
  UsageRepository.layer,
  Outbox.layer,
  Transactions.layer
)

/** The database of a configuration, migrated before anything uses it. */
export const database = (config: Config): Layer.Layer<Database> => {
  const connection =
    config._tag === "Postgres"
      ? layerPostgres({
          url: config.url,
          ...(config.maxConnections === undefined ? {} : { maxConnections: config.maxConnections })
        })
      : layerPGlite(config.dataDir === undefined ? {} : { dataDir: config.dataDir })
  return Layer.effectDiscard(migrate).pipe(Layer.provideMerge(connection))
}

/** The database of a configuration with every port on it. */
export const layer = (config: Config) => ports.pipe(Layer.provideMerge(database(config)))
