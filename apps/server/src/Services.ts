/**
 * The layers of the server process: the database of the configuration (migrated on start) with every port on it,
 * ids, the node:crypto secrets, the webhook URL policy of the configuration, and a webhook worker running in
 * the server's process unless `PATRON_WORKER=0`, on either database.
 */
import {
  ApiTokenRepository,
  DeliveryLog,
  ImportLog,
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

/**
 * Every service the use cases need, over the configured database, logging in the processes' one format, and the
 * in-process worker when configured.
 */
export const layer = (config: Config) => {
  const logging = Logging.layer(config.logLevel, config.logFormat)
  const services = Layer.merge(useCases(config), logging)
  if (!config.worker) return services
  const worker = Worker.layer({
    ...Worker.defaults,
    ...config.workerTuning,
    owner: Worker.ownerName(),
    schedule: config.retrySchedule,
    allowPrivate: config.webhooksAllowPrivate
  }).pipe(Layer.provide(logging))
  return worker.pipe(Layer.provideMerge(services))
}

const useCases = (config: Config) =>
  Layer.mergeAll(
    Persistence.ports,
    RoleRepository.layer,
    ApiTokenRepository.layer,
    WebhookEndpointRepository.layer,
    DeliveryLog.layer,
    ImportLog.layer
  ).pipe(
    Layer.provideMerge(Persistence.database(config.database)),
    Layer.merge(Ids.Ids.layer),
    Layer.merge(SecretsLive.layer),
    Layer.merge(Layer.succeed(WebhookPolicy)({ allowPrivate: config.webhooksAllowPrivate }))
  )
