/**
 * How a figure is taken: latency as sequential calls (p50/p99 after a warm-up), and throughput either as autocannon
 * against a tRPC mutation over HTTP or as concurrent loops calling the raw driver.
 */
import autocannon from "autocannon"
import { Client, Stats } from "../harness/index.ts"

export interface Latency {
  readonly p50: number
  readonly p99: number
}

/** Calls `call` `samples` times one after another, after as many unmeasured warm-up calls, and gives ms p50/p99. */
export const latency = async (samples: number, call: (index: number) => Promise<unknown>): Promise<Latency> => {
  for (let i = 0; i < Math.min(samples, 50); i++) await call(i)
  const millis: Array<number> = []
  for (let i = 0; i < samples; i++) millis.push((await Stats.timed(() => call(i))).millis)
  return { p50: Stats.percentile(millis, 50), p99: Stats.percentile(millis, 99) }
}

export interface Throughput {
  readonly perSecond: number
  readonly completed: number
  readonly latency: Latency
}

/**
 * autocannon posting `body` to `/trpc/<procedure>` with `connections` for `seconds`; `[<id>]` in the body becomes a
 * unique id per request. A run in which any request failed is an error: its figure would not mean anything.
 */
export const http = async (options: {
  readonly base: string
  readonly procedure: string
  readonly body: string
  readonly connections: number
  readonly seconds: number
}): Promise<Throughput> => {
  const result = await autocannon({
    url: `${options.base}/trpc/${options.procedure}`,
    method: "POST",
    headers: { authorization: `Bearer ${Client.adminToken}`, "content-type": "application/json" },
    body: options.body,
    idReplacement: true,
    connections: options.connections,
    duration: options.seconds
  })
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${options.procedure} with ${options.connections} clients: ${result.non2xx} non-2xx responses, ` +
        `${result.errors} errors (${JSON.stringify(result.statusCodeStats)})`
    )
  }
  return {
    perSecond: result["2xx"] / result.duration,
    completed: result["2xx"],
    latency: { p50: result.latency.p50, p99: result.latency.p99 }
  }
}

/** `concurrency` loops sharing `count` calls of `call(index)`; gives calls per second and per-call latency. */
export const loops = async (
  count: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>
): Promise<Throughput> => {
  let next = 0
  const millis: Array<number> = []
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++
        millis.push((await Stats.timed(() => call(index))).millis)
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  return {
    perSecond: count / seconds,
    completed: count,
    latency: { p50: Stats.percentile(millis, 50), p99: Stats.percentile(millis, 99) }
  }
}
