/**
 * The load: concurrent clients mixing creates, updates with `expectedVersion`, searches, gets and deletes on a shared
 * pool of customers until told to stop, writing every acknowledged write into the ledger and every outcome into the
 * tally. A client that meets a 5xx or no answer backs off briefly, as a well-behaved client does.
 */
import { type Client, isServerSide, type Outcome, ok, outcomeOf } from "./calls.ts"
import type { Ledger, Seen } from "./ledger.ts"
import { Tally } from "./report.ts"

export type Kind = "create" | "update" | "delete" | "search" | "get"

/** A 5xx or unanswered request, with when it ended. */
export interface ServerSideFailure {
  readonly at: number
  readonly kind: Kind
  readonly outcome: Outcome
}

export interface Traffic {
  readonly tally: Tally
  readonly byKind: Map<Kind, number>
  readonly failures: Array<ServerSideFailure>
  /** 4xx answers the load never provokes (anything but CONFLICT and NOT_FOUND for a valid admin token). */
  readonly unexpected: Array<ServerSideFailure>
}

/** The refusals the load provokes on purpose: stale versions and customers deleted by another client. */
const expectedRefusals = new Set(["CONFLICT", "NOT_FOUND"])

export interface Options {
  /** The client to use now (the server may have been started again on another port). */
  readonly api: () => Client
  readonly clients: number
  readonly ledger: Ledger
  /** Distinguishes this run's identifiers and markers from any other's. */
  readonly runId: string
  readonly shouldStop: () => boolean
}

const firstNames = ["Ada", "Grace", "Émilie", "Łukasz", "Søren", "Zoë", "Nguyễn", "李", "Олена", "Ngozi"]
const pickOf = <A>(values: ReadonlyArray<A>): A => values[Math.floor(Math.random() * values.length)] as A
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

/** Runs the clients until `shouldStop`; resolves when every client has finished its last request. */
export const run = async (options: Options): Promise<Traffic> => {
  const traffic: Traffic = { tally: new Tally(), byKind: new Map(), failures: [], unexpected: [] }
  const { ledger, runId } = options

  /** Runs one request, tallies it, and answers its value or its outcome. */
  const attempt = async <A>(kind: Kind, call: () => Promise<A>): Promise<{ value: A } | { failed: Outcome }> => {
    const started = performance.now()
    traffic.byKind.set(kind, (traffic.byKind.get(kind) ?? 0) + 1)
    try {
      const value = await call()
      traffic.tally.record(ok.label, performance.now() - started)
      return { value }
    } catch (error) {
      const outcome = outcomeOf(error)
      traffic.tally.record(outcome.label, performance.now() - started)
      if (isServerSide(outcome)) {
        traffic.failures.push({ at: Date.now(), kind, outcome })
        await sleep(100 + Math.random() * 150)
      } else if (!expectedRefusals.has(outcome.code)) traffic.unexpected.push({ at: Date.now(), kind, outcome })
      return { failed: outcome }
    }
  }

  const expectedVersionOf = (client: number, id: string) =>
    Math.max(ledger.lastSeen(client, id), ledger.latest.get(id) ?? 0, 1)

  const refresh = async (client: number, id: string) => {
    const answer = await attempt("get", () => options.api().customers.get.query({ id }))
    if ("value" in answer) ledger.observe(client, answer.value as Seen)
    else if (answer.failed.code === "NOT_FOUND") ledger.forget(id)
  }

  const create = async (client: number, seq: number) => {
    const marker = `${runId}:${client}:${seq}`
    const answer = await attempt("create", () =>
      options.api().customers.create.mutate({
        identifier: `${runId}-${client}-${seq}`,
        firstName: pickOf(firstNames),
        lastName: `Drill${client}`,
        email: `c${client}.${seq}@drill.example`,
        meta: { drill: marker }
      })
    )
    if ("value" in answer) ledger.acknowledge(client, "created", answer.value as Seen)
    else if (isServerSide(answer.failed)) ledger.unsure("")
  }

  const update = async (client: number, seq: number, id: string) => {
    const marker = `${runId}:${client}:${seq}`
    const answer = await attempt("update", () =>
      options.api().customers.update.mutate({
        id,
        expectedVersion: expectedVersionOf(client, id),
        patch: {
          firstName: pickOf(firstNames),
          ...(seq % 3 === 0 ? { phone: `+1 555 01${String(seq % 100).padStart(2, "0")}` } : {}),
          meta: { set: { drill: marker } }
        }
      })
    )
    if ("value" in answer) ledger.acknowledge(client, "updated", answer.value as Seen)
    else if (answer.failed.code === "CONFLICT") await refresh(client, id)
    else if (answer.failed.code === "NOT_FOUND") ledger.forget(id)
    else if (isServerSide(answer.failed)) ledger.unsure(id)
  }

  const remove = async (client: number, id: string) => {
    const expectedVersion = expectedVersionOf(client, id)
    const answer = await attempt("delete", () => options.api().customers.delete.mutate({ id, expectedVersion }))
    if ("value" in answer) ledger.acknowledgeDeletion(client, id, expectedVersion)
    else if (answer.failed.code === "CONFLICT") await refresh(client, id)
    else if (answer.failed.code === "NOT_FOUND") ledger.forget(id)
    else if (isServerSide(answer.failed)) ledger.unsure(id)
  }

  const search = async (client: number) => {
    const answer = await attempt("search", () =>
      options.api().customers.list.query({ search: `Drill${Math.floor(Math.random() * options.clients)}`, limit: 20 })
    )
    if ("value" in answer) for (const customer of answer.value.items) ledger.observe(client, customer as Seen)
  }

  const loop = async (client: number) => {
    for (let seq = 1; !options.shouldStop(); seq++) {
      const id = ledger.pick(Math.random)
      const roll = Math.random()
      if (id === undefined || ledger.liveCount < options.clients || roll < 0.25) await create(client, seq)
      else if (roll < 0.65) await update(client, seq, id)
      else if (roll < 0.85) await search(client)
      else if (roll < 0.9) await refresh(client, id)
      else await remove(client, id)
    }
  }

  await Promise.all(Array.from({ length: options.clients }, (_, client) => loop(client)))
  return traffic
}

/** "create 812 · update 1,304 · …". */
export const kinds = (traffic: Traffic) =>
  [...traffic.byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${kind} ${count}`)
    .join(" · ")
