/**
 * After the load: every acknowledged write is read back (present at its version with its marker, deletions absent),
 * no client saw a version go backwards, and every acknowledged write's event reached the receiver (matching customer
 * id, version and marker), verified, duplicates identical.
 */
import { Stats } from "../harness/index.ts"
import type { Client } from "./calls.ts"
import { eventKey, type Ledger, type Seen } from "./ledger.ts"
import type { Received, Receiver } from "./receiver.ts"
import type { Figure, Findings } from "./report.ts"

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

/** Every customer the server holds now, page by page. */
const readBack = async (api: Client): Promise<Map<string, Seen>> => {
  const stored = new Map<string, Seen>()
  let cursor: string | undefined
  do {
    const page = await api.customers.list.query({ limit: 200, ...(cursor === undefined ? {} : { cursor }) })
    for (const customer of page.items) stored.set(customer.id, customer as Seen)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return stored
}

const sample = (lines: ReadonlyArray<string>) =>
  lines.length <= 5 ? lines.join("; ") : `${lines.slice(0, 5).join("; ")}; … and ${lines.length - 5} more`

/** Reads everything back and checks it against the ledger. */
export const writes = async (api: Client, ledger: Ledger, findings: Findings): Promise<Array<Figure>> => {
  const stored = await readBack(api)
  const lost: Array<string> = []
  const phantom: Array<string> = []
  let committedUnacknowledged = 0
  for (const [id, version] of ledger.latest) {
    const found = stored.get(id)
    const marker = ledger.markers.get(`${id}@${version}`)
    if (found === undefined) {
      if (ledger.uncertain.has(id)) committedUnacknowledged++
      else lost.push(`${id} acknowledged at v${version} is gone`)
    } else if (found.version < version) lost.push(`${id} acknowledged at v${version} holds v${found.version}`)
    else if (found.version === version && found.meta?.drill !== marker) {
      lost.push(`${id} v${version} holds marker ${found.meta?.drill}, acknowledged ${marker}`)
    } else if (found.version > version) {
      if (ledger.uncertain.has(id)) committedUnacknowledged++
      else phantom.push(`${id} holds v${found.version}, nobody wrote past v${version}`)
    }
  }
  const resurrected = [...ledger.deleted.keys()].filter((id) => stored.has(id))
  const known = new Set([...ledger.latest.keys(), ...ledger.deleted.keys()])
  const unknown = [...stored.keys()].filter((id) => !known.has(id)).length
  const uncertainCreates = ledger.uncertain.get("") ?? 0
  findings.expect(lost.length === 0, `acknowledged writes lost: ${sample(lost)}`)
  findings.expect(phantom.length === 0, `writes nobody made: ${sample(phantom)}`)
  findings.expect(resurrected.length === 0, `deleted customers back: ${sample(resurrected)}`)
  findings.expect(ledger.regressions.length === 0, `versions went backwards: ${sample(ledger.regressions)}`)
  findings.expect(
    ledger.duplicateVersions.length === 0,
    `lost updates (one version acknowledged twice): ${sample(ledger.duplicateVersions)}`
  )
  findings.expect(
    unknown <= uncertainCreates,
    `${unknown} customers nobody created (only ${uncertainCreates} creates went unanswered)`
  )
  const uncertain = [...ledger.uncertain.values()].reduce((a, b) => a + b, 0)
  return [
    [
      "acknowledged writes",
      `${ledger.writes.length} (create ${ledger.count("created")} · update ${ledger.count("updated")} · delete ${ledger.count("deleted")})`
    ],
    ["verified present", `${ledger.latest.size - lost.length} of ${ledger.latest.size} live customers`],
    ["verified deleted", `${ledger.deleted.size - resurrected.length} of ${ledger.deleted.size}`],
    ["lost", lost.length + resurrected.length],
    ["versions backwards", ledger.regressions.length + ledger.duplicateVersions.length],
    [
      "unknown outcome",
      `${uncertain} writes unanswered or 5xx; ${committedUnacknowledged + unknown} of them committed anyway`
    ]
  ]
}

/** Whether `received` carries the event `key` (a deletion carries no marker to compare). */
const keyOf = (received: Received) =>
  received.type === "customer.deleted"
    ? eventKey("deleted", received.customerId, undefined)
    : `${received.type}:${received.customerId}:${received.version}`

/** Waits until every acknowledged write's event arrived (or `timeoutMillis` passed); answers how long it took. */
export const drain = async (ledger: Ledger, receiver: Receiver, timeoutMillis: number): Promise<number> => {
  const started = Date.now()
  const expected = ledger.expectedEvents()
  const delivered = new Set<string>()
  let scanned = 0
  while (Date.now() - started < timeoutMillis) {
    for (; scanned < receiver.received.length; scanned++) delivered.add(keyOf(receiver.received[scanned] as Received))
    if ([...expected.keys()].every((key) => delivered.has(key))) break
    await sleep(250)
  }
  return (Date.now() - started) / 1000
}

/** Checks the events the receiver got against the ledger. */
export const events = async (
  api: Client,
  endpointId: string,
  ledger: Ledger,
  receiver: Receiver,
  findings: Findings
): Promise<Array<Figure>> => {
  const expected = ledger.expectedEvents()
  const byKey = new Map<string, Array<Received>>()
  for (const received of receiver.received)
    byKey.set(keyOf(received), [...(byKey.get(keyOf(received)) ?? []), received])
  const missing = [...expected.keys()].filter((key) => !byKey.has(key))
  const wrongContent = [...expected].filter(([key, write]) => {
    const copies = byKey.get(key) ?? []
    return write.kind !== "deleted" && copies.some((copy) => copy.marker !== write.marker)
  })
  const byWebhookId = new Map<string, Set<string>>()
  for (const received of receiver.received) {
    byWebhookId.set(received.webhookId, (byWebhookId.get(received.webhookId) ?? new Set()).add(received.bodyHash))
  }
  const duplicates = receiver.received.length - byWebhookId.size
  const differingCopies = [...byWebhookId.values()].filter((bodies) => bodies.size > 1).length
  const unverified = receiver.received.filter((received) => !received.verified).length
  const failed = await api.webhooks.deliveries.query({ endpointId, status: "failed", limit: 200 })
  const pending = await api.webhooks.deliveries.query({ endpointId, status: "pending", limit: 200 })
  const lags = [...expected]
    .flatMap(([key, write]) => (byKey.get(key) ?? []).slice(0, 1).map((first) => first.at - write.at))
    .filter((lag) => lag >= 0)
  findings.expect(missing.length === 0, `events never delivered: ${sample(missing)}`)
  findings.expect(
    wrongContent.length === 0,
    `events with another write's content: ${sample(wrongContent.map(([k]) => k))}`
  )
  findings.expect(unverified === 0, `${unverified} requests failed signature verification`)
  findings.expect(differingCopies === 0, `${differingCopies} webhook-ids arrived with different bodies`)
  findings.expect(failed.items.length === 0, `${failed.items.length} deliveries marked failed`)
  const extra = [...byKey.keys()].filter((key) => !expected.has(key)).length
  const p = (n: number) => (lags.length === 0 ? "-" : `${(Stats.percentile(lags, n) / 1000).toFixed(2)} s`)
  return [
    ["events expected", expected.size],
    ["events delivered", `${expected.size - missing.length} (+${extra} of unacknowledged writes)`],
    ["events lost", missing.length],
    ["duplicate requests", `${duplicates} (same webhook-id, identical body: ${differingCopies === 0 ? "yes" : "NO"})`],
    ["requests received", `${receiver.received.length}, ${unverified} failed verification`],
    ["deliveries failed / pending", `${failed.items.length} / ${pending.items.length}`],
    ["ack → receiver", `p50 ${p(50)} · p99 ${p(99)} · max ${p(100)}`]
  ]
}
