/**
 * README.md's walkthrough, run as written: its shell blocks, in order, in bash against a real server (embedded
 * PGlite, a fresh data directory whose `.patron/admin-token` the blocks read) with the example receiver of
 * examples/webhook-receiver; only the receiver's port 4001 is swapped for a free one. Then the answers of the
 * procedures it called decode with the output Schemas the API reference documents.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { Procedures } from "@patron/api"
import { Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Started, startServer } from "./server.ts"

const root = resolve(import.meta.dirname, "../../..")
const workDir = mkdtempSync(join(tmpdir(), "patron-walkthrough-"))
let started: Started

/** The shell blocks of the README section titled `title`, in order. */
const shellBlocks = (markdown: string, title: string): ReadonlyArray<string> => {
  const start = markdown.indexOf(`\n## ${title}`)
  if (start < 0) throw new Error(`README.md has no section "${title}"`)
  const end = markdown.indexOf("\n## ", start + 1)
  const section = markdown.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "")
}

const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer()
    probe.once("error", fail)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })

const runBash = (script: string, env: Readonly<Record<string, string>>) =>
  new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], {
      cwd: workDir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += String(chunk)))
    child.stderr.on("data", (chunk) => (output += String(chunk)))
    const timer = setTimeout(() => {
      output += "\n[the walkthrough did not finish within 90 s]"
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL")
    }, 90_000)
    child.on("close", (code) => {
      clearTimeout(timer)
      // A block that failed leaves the receiver it started running in bash's process group: end it too.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL")
      } catch {
        // The group is gone: the walkthrough stopped its receiver itself.
      }
      done({ code, output })
    })
  })

beforeAll(async () => {
  symlinkSync(join(root, "examples"), join(workDir, "examples"))
  started = await startServer({ PATRON_DATA_DIR: join(workDir, ".patron"), PATRON_SEED: "0", PATRON_LOG_LEVEL: "warn" })
}, 180_000)

afterAll(() => {
  if (started !== undefined && started.process.exitCode === null) started.process.kill("SIGKILL")
  rmSync(workDir, { recursive: true, force: true })
})

describe("README.md's walkthrough", () => {
  it("goes from a new customer to a webhook delivery its receiver verifies", async () => {
    const blocks = shellBlocks(readFileSync(join(root, "README.md"), "utf8"), "Walkthrough")
    expect(blocks.length).toBeGreaterThanOrEqual(5)
    const port = String(await freePort())
    const script = blocks.join("\n").replaceAll("4001", port)
    const { code, output } = await runBash(script, { PATRON: started.base })
    expect(output).toContain("verified customer.updated msg_")
    expect(output).not.toContain('"error"')
    expect(code, output).toBe(0)
  }, 120_000)

  it("got answers that decode with the output Schemas the reference documents", async () => {
    const token = readFileSync(join(workDir, ".patron", "admin-token"), "utf8").trim()
    const outputs = Object.fromEntries(Procedures.all().map((procedure) => [procedure.name, procedure.answer.output]))
    const query = async (name: string, input: unknown) => {
      const url = `${started.base}/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`
      const body = (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        result: { data: unknown }
      }
      const schema = outputs[name]
      if (schema === undefined) throw new Error(`no output schema for ${name}`)
      return Schema.decodeUnknownSync(schema as Schema.Codec<unknown, unknown>)(body.result.data)
    }
    const customers = (await query("customers.list", { search: "Lovelace" })) as { items: Array<{ id: string }> }
    expect(customers.items).toHaveLength(1)
    const customerId = customers.items[0]?.id
    await query("customers.get", { id: customerId })
    await query("orders.list", { customerId })
    const contracts = (await query("subscriptionContracts.list", { customerId })) as { items: Array<{ id: string }> }
    await query("usage.summary", { contractId: contracts.items[0]?.id })
    const endpoints = (await query("webhooks.list", {})) as { items: Array<{ id: string }> }
    await query("webhooks.deliveries", { endpointId: endpoints.items[0]?.id })
    await query("access.me", undefined)
  })
})
