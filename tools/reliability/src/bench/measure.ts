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
 * autocannon calling `/trpc/<procedure>` with `connections` for `seconds`: POSTing `body`, in which `[<id>]` becomes
 * a unique id per request, or GETting with each of `inputs` in turn. Latency is each response's own time (autocannon's
 * histogram keeps whole milliseconds). A run in which any request failed is an error: its figure would not mean
 * anything.
 */
export const http = async (
  options: {
    readonly base: string
    readonly procedure: string
    readonly connections: number
    readonly seconds: number
  } & ({ readonly body: string } | { readonly inputs: ReadonlyArray<unknown> })
): Promise<Throughput> => {
  const path = `/trpc/${options.procedure}`
  const millis: Array<number> = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.base}${path}`,
        headers: { authorization: `Bearer ${Client.adminToken}`, "content-type": "application/json" },
        connections: options.connections,
        duration: options.seconds,
        ...("body" in options
          ? { method: "POST", body: options.body, idReplacement: true }
          : {
              method: "GET",
              requests: options.inputs.map((input) => ({
                method: "GET" as const,
                path: `${path}?input=${encodeURIComponent(JSON.stringify(input))}`
              }))
            })
      },
      (error, result) => (error ? reject(error) : resolve(result))
    )
    instance.on("response", (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) millis.push(responseTime)
    })
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
    latency: { p50: Stats.percentile(millis, 50), p99: Stats.percentile(millis, 99) }
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
