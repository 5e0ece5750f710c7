/**
 * A worker started while its database cannot be reached waits for it instead of exiting, then starts delivering.
 */
import { spawn } from "node:child_process"
import { join } from "node:path"
import { adminUrl, drivers } from "@patron/db/testing"
import pg from "pg"
import { describe, expect, it } from "vitest"
import { eventually } from "./Receiver.ts"

const postgres = (await drivers()).find((driver) => driver.name === "PostgreSQL")!

const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(statement).finally(() => client.end())
}

describe.skipIf(postgres.skip !== undefined)("a worker started before its database exists", () => {
  it("waits for the database, then migrates it and starts", async () => {
    const name = `patron_test_late_${Date.now()}`
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    let output = ""
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: join(import.meta.dirname, ".."),
      env: { ...process.env, DATABASE_URL: url.toString(), PATRON_LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    child.stdout.on("data", (chunk) => (output += String(chunk)))
    child.stderr.on("data", (chunk) => (output += String(chunk)))
    try {
      await eventually(
        () => output,
        (text) => text.includes("waiting for the database")
      )
      expect(child.exitCode).toBeNull()
      await admin(`create database ${name}`)
      await eventually(
        () => output,
        (text) => text.includes("webhook worker") && text.includes("started")
      )
      expect(child.exitCode).toBeNull()
      // Its log is JSON lines, the wait giving its reason (the database does not exist yet).
      const lines = output
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      for (const line of lines) expect(Object.keys(line).slice(0, 3)).toEqual(["time", "level", "msg"])
      expect(lines.find((line) => String(line.msg).startsWith("waiting for the database"))).toMatchObject({
        level: "warn",
        reason: expect.stringContaining(name)
      })
    } finally {
      child.kill("SIGKILL")
      await new Promise((resolve) => setTimeout(resolve, 200))
      await admin(`drop database if exists ${name} with (force)`)
    }
  })
})
