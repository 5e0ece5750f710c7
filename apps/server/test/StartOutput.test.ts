/**
 * What a start of the server prints, as a process on an embedded database: one JSON object per line
 * (`{"time","level","msg",...}`), the first start the admin token and the absolute path of the file it wrote, a later
 * start where that file is (or, when it is gone, how to make a token with the CLI), and what delivers webhooks.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { stop } from "./postgres.ts"
import { type Started, startServer } from "./server.ts"

const dataDir = mkdtempSync(join(tmpdir(), "patron-start-output-"))
const tokenFile = join(dataDir, "admin-token")
const running: Array<Started> = []

afterAll(async () => {
  await Promise.all(running.map(stop))
  rmSync(dataDir, { recursive: true, force: true })
})

/** Starts a server on the data directory, answers its output once `stopped`. */
const startAndStop = async (env: Readonly<Record<string, string>> = {}) => {
  const started = await startServer({ PATRON_DATA_DIR: dataDir, PATRON_SEED: "0", ...env })
  running.push(started)
  expect((await fetch(`${started.base}/readyz`)).status).toBe(200)
  expect((await fetch(`${started.base}/trpc/customers.list`)).status).toBe(401)
  await stop(started)
  return started.output()
}

/** Every line of an output as the JSON object it must be. */
const eventsOf = (output: string) =>
  output
    .trim()
    .split("\n")
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>
      expect(Object.keys(event).slice(0, 3), line).toEqual(["time", "level", "msg"])
      expect(Number.isNaN(Date.parse(String(event.time))), line).toBe(false)
      expect(["debug", "info", "warn", "error"], line).toContain(event.level)
      return event
    })

const messageOf = (events: ReadonlyArray<Record<string, unknown>>, start: string) =>
  events.find((event) => String(event.msg).startsWith(start))

describe("a start of the server", () => {
  it("prints the new admin token and the absolute path of its file on the first start, and JSON lines only", async () => {
    const events = eventsOf(await startAndStop())
    const token = messageOf(events, "admin API token")
    expect(token).toMatchObject({ level: "info", tokenFile })
    expect(String(token?.msg)).toMatch(new RegExp(`also written to ${tokenFile}\\): pat_\\S+$`))
    expect(messageOf(events, "Patron is running at http://127.0.0.1:")).toMatchObject({ database: "PGlite" })
    expect(messageOf(events, "webhooks:")?.msg).toBe(
      "webhooks: delivered by an in-process worker; set PATRON_WORKER=0 when running standalone workers"
    )
    expect(messageOf(events, "request")).toMatchObject({ method: "GET", path: "/readyz", status: 200 })
    expect(messageOf(events, "SIGTERM: finishing in-flight requests")).toBeDefined()
  })

  it("says where the token file is on a later start, without the token", async () => {
    const output = await startAndStop()
    const events = eventsOf(output)
    expect(messageOf(events, "admin API token")).toEqual(
      expect.objectContaining({ msg: `admin API token: in ${tokenFile} (written at the first start)`, tokenFile })
    )
    expect(output).not.toMatch(/pat_/)
  })

  it("refuses a bad configuration with one JSON line naming every bad variable, exiting 1", () => {
    const refused = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: join(import.meta.dirname, ".."),
      env: { ...process.env, INIT_CWD: "", PATRON_DATA_DIR: dataDir, PORT: "http", PATRON_WORKER: "maybe" },
      encoding: "utf8"
    })
    expect(refused.status).toBe(1)
    const [event, ...rest] = eventsOf(refused.stdout + refused.stderr)
    expect(rest).toEqual([])
    expect(event).toMatchObject({ level: "error", msg: "invalid configuration" })
    expect(((event?.problems ?? []) as Array<{ variable: string }>).map((problem) => problem.variable)).toEqual([
      "PORT",
      "PATRON_WORKER"
    ])
  })

  it("says how to make a token with the CLI when the file is gone, and writes pretty lines when asked", async () => {
    rmSync(tokenFile)
    const output = await startAndStop({ PATRON_LOG_FORMAT: "pretty", PATRON_WORKER: "0" })
    expect(output).toContain(
      `INFO  admin API token: no file at ${tokenFile} (the database's admin token was made elsewhere); to make one, stop the server, then run pnpm patron token create --tenant default --role admin`
    )
    expect(output).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}Patron is running at /m)
    expect(output).toContain("WARN  webhooks: not delivered (PATRON_WORKER=0 on the embedded database")
  })
})
