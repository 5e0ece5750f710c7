/**
 * The layers of the server process: the database of the configuration (migrated on start) with every port on it,
 * ids, the node:crypto secrets, and the webhook URL policy of the configuration.
 */
import {
  ApiTokenRepository,
  DeliveryLog,
  Persistence,
  RoleRepository,
  SecretsLive,
  WebhookEndpointRepository
} from "@patron/db"

export { Database as DatabaseTag } from "@patron/db"

import { Ids, WebhookPolicy } from "@patron/domain"
import { Layer } from "effect"
import type { Config } from "./Config.ts"

/** Every service the use cases need, over the configured database. */
export const layer = (config: Config) =>
  Layer.mergeAll(
    Persistence.ports,
    RoleRepository.layer,
    ApiTokenRepository.layer,
    WebhookEndpointRepository.layer,
    DeliveryLog.layer
  ).pipe(
    Layer.provideMerge(Persistence.database(config.database)),
    Layer.merge(Ids.Ids.layer),
    Layer.merge(SecretsLive.layer),
    Layer.merge(Layer.succeed(WebhookPolicy)({ allowPrivate: config.webhooksAllowPrivate }))
  )
