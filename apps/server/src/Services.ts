/**
 * The layers of the server process: the database of the configuration (migrated on start) with every port on it,
 * ids, the node:crypto secrets, the webhook URL policy of the configuration, and a webhook worker running in
 * the server's process when `PATRON_WORKER` says so (the embedded mode's default).
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
import { Logging, Worker } from "@patron/webhook-worker"
import { Layer } from "effect"
import type { Config } from "./Config.ts"

/** Every service the use cases need, over the configured database, and the in-process worker when configured. */
export const layer = (config: Config) => {
  const services = useCases(config)
  if (!config.worker) return services
  const worker = Worker.layer({
    ...Worker.defaults,
    ...config.workerTuning,
    owner: Worker.ownerName(),
    schedule: config.retrySchedule,
    allowPrivate: config.webhooksAllowPrivate
  }).pipe(Layer.provide(Logging.layer(config.logLevel)))
  return worker.pipe(Layer.provideMerge(services))
}

const useCases = (config: Config) =>
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
