/**
 * The ledger of what the server acknowledged: every customer write that answered 2xx (id, version, the drill's marker
 * it carried), every write whose outcome is unknown (a 5xx, no answer), and what each client observed. The audit
 * compares it with what the server holds and what the receiver got afterwards.
 */

export type WriteKind = "created" | "updated" | "deleted"

/** One acknowledged write. */
export interface Write {
  readonly kind: WriteKind
  readonly id: string
  readonly version: number
  readonly marker: string | undefined
  readonly client: number
  /** When the acknowledgement arrived (ms since the epoch). */
  readonly at: number
}

/** A customer as the drill reads it from an answer. */
export interface Seen {
  readonly id: string
  readonly version: number
  readonly meta?: Readonly<Record<string, string>>
}

const markerOf = (customer: Seen) => customer.meta?.drill

/** The event a write must produce, as `type:id:version` (deletions: `deleted:id`). */
export const eventKey = (kind: WriteKind, id: string, version: number | undefined) =>
  kind === "deleted" ? `customer.deleted:${id}` : `customer.${kind}:${id}:${version}`

export class Ledger {
  readonly writes: Array<Write> = []
  /** Writes with an unknown outcome (5xx, timeout, no answer), by customer id ("" for a create). */
  readonly uncertain = new Map<string, number>()
  /** The highest acknowledged version of each customer not acknowledged as deleted. */
  readonly latest = new Map<string, number>()
  /** Customers acknowledged as deleted, with the version they had. */
  readonly deleted = new Map<string, number>()
  /** `id@version` → the marker the acknowledged write set. */
  readonly markers = new Map<string, string | undefined>()
  /** A version acknowledged twice for one customer: two writes both believed they made it (a lost update). */
  readonly duplicateVersions: Array<string> = []
  /** A client saw a customer at a version below one it had seen before. */
  readonly regressions: Array<string> = []
  private readonly observed = new Map<number, Map<string, number>>()
  private readonly live: Array<string> = []
  private readonly liveIndex = new Map<string, number>()

  /** What `client` last saw of customer `id` (0 when never). */
  lastSeen(client: number, id: string): number {
    return this.observed.get(client)?.get(id) ?? 0
  }

  /** A client saw a customer (in an answer to a write, a get or a search). */
  observe(client: number, customer: Seen) {
    const seen = this.observed.get(client) ?? new Map<string, number>()
    this.observed.set(client, seen)
    const before = seen.get(customer.id) ?? 0
    if (customer.version < before) {
      this.regressions.push(`client ${client} saw ${customer.id} at v${before}, then at v${customer.version}`)
    }
    seen.set(customer.id, Math.max(before, customer.version))
  }

  /** The server acknowledged a create or an update, answering with the customer. */
  acknowledge(client: number, kind: "created" | "updated", customer: Seen) {
    const key = `${customer.id}@${customer.version}`
    if (this.markers.has(key)) this.duplicateVersions.push(`${customer.id} v${customer.version} acknowledged twice`)
    this.markers.set(key, markerOf(customer))
    this.writes.push({
      kind,
      id: customer.id,
      version: customer.version,
      marker: markerOf(customer),
      client,
      at: Date.now()
    })
    this.observe(client, customer)
    const deletedAt = this.deleted.get(customer.id)
    if (deletedAt !== undefined) {
      // An answer may arrive after the deletion's; a version above the deleted one was written after it.
      if (customer.version > deletedAt) {
        this.regressions.push(
          `${customer.id} acknowledged at v${customer.version}, after its deletion at v${deletedAt}`
        )
      }
      return
    }
    this.latest.set(customer.id, Math.max(this.latest.get(customer.id) ?? 0, customer.version))
    if (kind === "created") this.addLive(customer.id)
  }

  /** The server acknowledged a deletion of a customer that had `version`. */
  acknowledgeDeletion(client: number, id: string, version: number) {
    this.writes.push({ kind: "deleted", id, version, marker: undefined, client, at: Date.now() })
    this.deleted.set(id, version)
    this.latest.delete(id)
    this.removeLive(id)
  }

  /** A write whose outcome nobody knows: it may or may not have happened. */
  unsure(id: string) {
    this.uncertain.set(id, (this.uncertain.get(id) ?? 0) + 1)
  }

  /** Someone answered NOT_FOUND for a customer the ledger thinks alive (deleted by an unacknowledged write). */
  forget(id: string) {
    this.removeLive(id)
  }

  /** A customer believed alive, at random, or undefined when there is none. */
  pick(random: () => number): string | undefined {
    return this.live[Math.floor(random() * this.live.length)]
  }

  get liveCount() {
    return this.live.length
  }

  /** The events the acknowledged writes must have produced. */
  expectedEvents(): Map<string, Write> {
    return new Map(this.writes.map((write) => [eventKey(write.kind, write.id, write.version), write]))
  }

  count(kind: WriteKind) {
    return this.writes.filter((write) => write.kind === kind).length
  }

  private addLive(id: string) {
    if (this.liveIndex.has(id)) return
    this.liveIndex.set(id, this.live.length)
    this.live.push(id)
  }

  private removeLive(id: string) {
    const index = this.liveIndex.get(id)
    if (index === undefined) return
    const last = this.live.pop() as string
    this.liveIndex.delete(id)
    if (last !== id) {
      this.live[index] = last
      this.liveIndex.set(last, index)
    }
  }
}
