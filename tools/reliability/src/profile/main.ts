/**
 * `pnpm bench:profile`: where a call's time goes in the server process. Starts the compiled server (`apps/server/dist`,
 * as `pnpm start` runs it) under `--cpu-prof` on a fresh PostgreSQL database, drives one procedure with autocannon,
 * stops the server and prints the profile folded by source (through the bundle's source map): time by package, the
 * functions with the most self time, and the heaviest call paths. The `.cpuprofile` is kept for a flame graph
 * (open it in Chrome DevTools' Performance panel or speedscope).
 *
 *   pnpm bench:profile                                   customers.get, 16 clients, 10 s
 *   pnpm bench:profile --procedure customers.create --clients 8 --seconds 5
 */
import { spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Creates from "../bench/creates.ts"
import * as Measure from "../bench/measure.ts"
import { Client, Postgres, Processes, Stats } from "../harness/index.ts"
import * as Profile from "./Profile.ts"

const procedure = Stats.flag("procedure", "customers.get")
const clients = Number(Stats.flag("clients", "16"))
const seconds = Number(Stats.flag("seconds", "10"))
if (!["customers.get", "customers.create"].includes(procedure) || !(clients > 0) || !(seconds > 0)) {
  console.error("usage: pnpm bench:profile [--procedure customers.get|customers.create] [--clients N] [--seconds N]")
  process.exit(2)
}

const server = join(import.meta.dirname, "../../../../apps/server")
const directory = mkdtempSync(join(tmpdir(), "patron-profile-"))

const start = async (env: Readonly<Record<string, string>>, profiled: boolean) => {
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  let output = ""
  const child = spawn(
    process.execPath,
    [...(profiled ? ["--cpu-prof", `--cpu-prof-dir=${directory}`] : []), "dist/main.js"],
    {
      cwd: server,
      env: { ...process.env, PORT: String(port), INIT_CWD: "", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    }
  )
  child.stdout?.on("data", (chunk) => (output += String(chunk)))
  child.stderr?.on("data", (chunk) => (output += String(chunk)))
  const deadline = Date.now() + 60_000
  while (!output.includes("Patron is running")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { child, base: `http://127.0.0.1:${port}` }
}

const database = await Postgres.createDatabase()
try {
  const env = {
    DATABASE_URL: database.url,
    PATRON_ADMIN_TOKEN: Client.adminToken,
    PATRON_SEED: "0",
    PATRON_WORKER: "0",
    PATRON_LOG_LEVEL: "warn",
    PATRON_RATE_LIMIT_PER_MINUTE: "0"
  }
  // The first start migrates and bootstraps; the profiled one only serves.
  const setup = await start(env, false)
  const client = Client.client(setup.base, Client.adminToken)
  const ids: Array<string> = []
  for (let i = 0; i < 50; i++)
    ids.push((await client.customers.create.mutate({ ...Creates.input, email: `profile.${i}@example.com` })).id)
  await Processes.stop(setup.child)

  const profiled = await start(env, true)
  const load = procedure === "customers.get" ? { inputs: ids.map((id) => ({ id })) } : { body: Creates.body }
  await Measure.http({ base: profiled.base, procedure, connections: clients, seconds: 2, ...load })
  const measured = await Measure.http({ base: profiled.base, procedure, connections: clients, seconds, ...load })
  await Processes.stop(profiled.child)
  const file = Profile.newest(directory)
  console.log(
    `## pnpm bench:profile: ${procedure}, ${clients} clients, ${seconds} s on PostgreSQL (compiled server): ` +
      `${Math.round(measured.perSecond)}/s, p50 ${measured.latency.p50} ms\n`
  )
  console.log(Profile.report(Profile.fold(file, join(server, "dist/main.js.map"))))
  console.log(`\nprofile: ${file} (open in Chrome DevTools or speedscope for the flame graph)`)
} finally {
  await database.drop()
}
