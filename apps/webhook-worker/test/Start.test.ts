/**
 * The standalone worker as a user starts it, `pnpm --filter @patron/webhook-worker start`: it builds (cached by turbo)
 * and runs the compiled worker, `dist/main.js`, without tsx, within its idle memory budget; SIGTERM sent to pnpm
 * reaches the worker, which stops gracefully, and the command exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { drivers, temporaryPostgresDatabase } from "@patron/db/testing"
import { Effect, Exit, Scope } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { eventually } from "./Receiver.ts"

const postgres = (await drivers()).find((driver) => driver.name === "PostgreSQL")!

/** The idle resident memory a compiled worker may use, in MB. */
const workerIdleRssBudgetMb = 120

const children = (pid: number): Array<number> =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number)
const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim()
const residentMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024
const exitOf = (child: ChildProcess) =>
  new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? String(signal))))

const scope = Effect.runSync(Scope.make())
const groups: Array<number> = []
afterAll(async () => {
  // Whatever a failed test left running in a group of its own (a worker its signal did not reach).
  for (const group of groups) {
    try {
      process.kill(-group, "SIGKILL")
    } catch {}
  }
  await Effect.runPromise(Scope.close(scope, Exit.void))
})

describe.skipIf(postgres.skip !== undefined)("pnpm start of the standalone worker", () => {
  it(`runs the compiled worker, not tsx, idling within ${workerIdleRssBudgetMb} MB; SIGTERM sent to pnpm stops it gracefully with exit 0`, async () => {
    const url = await Effect.runPromise(Scope.provide(temporaryPostgresDatabase, scope))
    let output = ""
    const child = spawn("pnpm", ["start"], {
      cwd: join(import.meta.dirname, ".."),
      env: { ...process.env, DATABASE_URL: url, PATRON_LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    groups.push(child.pid!)
    child.stdout?.on("data", (chunk) => (output += String(chunk)))
    child.stderr?.on("data", (chunk) => (output += String(chunk)))
    const exit = exitOf(child)
    await eventually(
      () => output,
      (text) => text.includes("webhook worker") && text.includes("started"),
      60_000
    )
    const [worker] = children(child.pid!)
    expect(commandLine(worker!)).toBe("node dist/main.js")
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(residentMb(worker!)).toBeLessThanOrEqual(workerIdleRssBudgetMb)
    child.kill("SIGTERM")
    expect(await exit).toBe(0)
    expect(output).toContain("SIGTERM: finishing deliveries in flight")
    expect(output).not.toContain("ELIFECYCLE")
  }, 120_000)
})
