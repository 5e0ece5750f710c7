/**
 * Access changes: a NOTIFY on `patron_access` in the transaction of every write that can change what a token may do
 * (a token created or revoked, a role changed or deleted), so that every process caching principals forgets them
 * when it commits. The notification carries nothing: access changes are rare, and a listener drops everything.
 */
import { sql } from "drizzle-orm"
import { Effect, type Scope } from "effect"
import { Database } from "./Database.ts"

/** The channel notified when access changes. */
export const channel = "patron_access"

/** The statement announcing an access change; run it inside the write's transaction. */
export const announce = (db: typeof Database.Service) => db.query(sql`select pg_notify(${channel}, '')`)

/**
 * Calls `onChange` on every access change committed by any process, and whenever the listening connection was lost
 * or made again (changes may have been missed meanwhile), until the scope closes.
 */
export const watch = (onChange: () => void): Effect.Effect<void, never, Database | Scope.Scope> =>
  Effect.flatMap(Effect.service(Database), (db) => db.listen(channel, onChange))
