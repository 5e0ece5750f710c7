/**
 * Starts the server as a process for tests and waits until it listens: from its sources (`node --import tsx
 * src/main.ts`, no build needed), or as the bundle `pnpm start` runs (`node dist/main.js`, built beforehand).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"

export interface Started {
  readonly process: ChildProcess
  readonly base: string
  readonly output: () => string
}

/** What the process runs: the TypeScript sources under tsx, or the compiled bundle in `dist/`. */
export type Entry = "source" | "compiled"
const entryArguments: Readonly<Record<Entry, ReadonlyArray<string>>> = {
  source: ["--import", "tsx", "src/main.ts"],
  compiled: ["dist/main.js"]
}

/** Starts the server with extra environment variables on a random port. */
export const startServer = async (env: Readonly<Record<string, string>>, entry: Entry = "source"): Promise<Started> => {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  let output = ""
  const child = spawn(process.execPath, entryArguments[entry], {
    cwd: join(import.meta.dirname, ".."),
    env: { ...process.env, PORT: String(port), INIT_CWD: "", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  // Under a full parallel test run on 2 cores a cold start (tsx compiling, PGlite booting) can take a minute.
  const deadline = Date.now() + 150_000
  while (!output.includes("Patron is running")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { process: child, base: `http://127.0.0.1:${port}`, output: () => output }
}
