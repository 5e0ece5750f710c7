/**
 * Starts the server as a process for tests (`node --import tsx src/main.ts`) and waits until it listens.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { join } from "node:path"

export interface Started {
  readonly process: ChildProcess
  readonly base: string
  readonly output: () => string
}

/** Starts the server with extra environment variables on a random port. */
export const startServer = async (env: Readonly<Record<string, string>>): Promise<Started> => {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  let output = ""
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: join(import.meta.dirname, ".."),
    env: { ...process.env, PORT: String(port), INIT_CWD: "", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  const deadline = Date.now() + 60_000
  while (!output.includes("Patron is running")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { process: child, base: `http://127.0.0.1:${port}`, output: () => output }
}
