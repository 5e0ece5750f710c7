/**
 * The ordered migrations. Append only: a migration that has shipped is never edited.
 */
import * as Init from "./0001_init.ts"
import * as DeliveryRounds from "./0002_delivery_rounds.ts"
import * as RateLimits from "./0003_rate_limits.ts"
import * as Imports from "./0004_imports.ts"

export interface Migration {
  readonly name: string
  readonly sql: string
}

export const all: ReadonlyArray<Migration> = [Init, DeliveryRounds, RateLimits, Imports]
