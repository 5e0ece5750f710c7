/**
 * Figures: percentiles of latency samples, timing, and the machine a run happened on.
 */
import { cpus, totalmem } from "node:os"

/** The p-th percentile (0–100) of samples, by nearest rank. */
export const percentile = (samples: ReadonlyArray<number>, p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}

/** Milliseconds an async function took, with its result. */
export const timed = async <A>(run: () => Promise<A>): Promise<{ readonly millis: number; readonly value: A }> => {
  const started = performance.now()
  const value = await run()
  return { millis: performance.now() - started, value }
}

/** The machine: cores, memory and Node. */
export const machine = () => ({
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? "?",
  memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version
})

/** Reads `--name value` from the command line. */
export const flag = (name: string, fallback: string): string => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback)
}
