/**
 * `pnpm patron` as a process over an embedded database in a temporary directory: usage on misuse, migrations applied
 * once, a tenant created with its admin token (and refused a second time), tokens created by tenant and role name.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const dataDir = mkdtempSync(join(tmpdir(), "patron-cli-"))
const secretPattern = /pat_[0-9A-Z]{26}\.[\w-]+/g

const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: join(import.meta.dirname, ".."),
    env: { ...process.env, PATRON_DATA_DIR: dataDir, INIT_CWD: "", PORT: "4000", DATABASE_URL: "", ...env },
    encoding: "utf8",
    // A cold start under tsx with PGlite can take half a minute when the whole test run shares 2 cores.
    timeout: 120_000
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe("pnpm patron", { timeout: 300_000 }, () => {
  it("prints the usage text listing every command to stderr and exits 1 without a command", () => {
    const result = cli([])
    expect(result.code).toBe(1)
    for (const command of ["migrate", "tenant create", "token create", "seed", "help"]) {
      expect(result.stderr).toContain(command)
    }
  })

  it("prints the usage text and exits 0 for help, and exits 1 for an unknown command", () => {
    const help = cli(["help"])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain("token create --tenant <name> --role <role>")
    const unknown = cli(["frobnicate"])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('Unknown subcommand "frobnicate"')
  })

  it("exits 1 naming the bad variable of an invalid configuration", () => {
    const result = cli(["migrate"], { PORT: "x" })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("PORT")
  })

  it("applies the migrations once; a second run applies nothing", () => {
    const first = cli(["migrate"])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain("0001_init")
    const second = cli(["migrate"])
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toContain("no migrations applied")
    expect(second.stdout).not.toContain("0001_init")
  })

  it("creates a tenant with its admin token and refuses a second tenant of the same name", () => {
    const created = cli(["tenant", "create", "acme"])
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toMatch(/ten_[0-9A-Z]{26}/)
    expect(created.stdout.match(secretPattern)).toHaveLength(1)
    const again = cli(["tenant", "create", "acme"])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('"acme" already exists')
    expect(again.stdout).not.toMatch(secretPattern)
  })

  it("creates a token by tenant and role name, and names an unknown tenant", () => {
    const created = cli(["token", "create", "--tenant", "acme", "--role", "admin"])
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout.match(secretPattern)).toHaveLength(1)
    const unknown = cli(["token", "create", "--tenant", "nope", "--role", "admin"])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('"nope"')
    const missing = cli(["token", "create", "--tenant", "acme"])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("--role")
  })
})
