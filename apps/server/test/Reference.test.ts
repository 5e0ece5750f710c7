/**
 * The generated parts of docs/ (configuration.md, api-reference.md) are what the code generates now, and what they
 * say holds: every variable a reader asks for is described, and each stated default reads the same configuration as
 * the variable left out.
 */
import { readFileSync } from "node:fs"
import { isDeepStrictEqual } from "node:util"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import * as Configuration from "../src/reference/Configuration.ts"
import { generated } from "../src/reference/generate.ts"
import * as Settings from "../src/reference/Settings.ts"

describe("the generated docs", () => {
  it.each(generated().map((file) => [file.path.replace(/.*\/docs\//, "docs/"), file] as const))(
    "%s is what `pnpm docs:generate` writes from the code now",
    (_name, file) => {
      const committed = readFileSync(file.path, "utf8")
      if (committed !== file.content) {
        throw new Error(`${file.path} is stale: run pnpm docs:generate and commit it`)
      }
      expect(committed.length).toBeGreaterThan(1000)
    }
  )
})

describe("the configuration reference", () => {
  it("lists what each process's reader asks for", () => {
    expect(Settings.readBy("embedded")).toEqual(
      expect.arrayContaining(["PORT", "DATABASE_URL", "PATRON_MAX_BODY_BYTES"])
    )
    expect(Settings.readBy("worker")).toContain("PATRON_WORKER_CONCURRENCY")
    expect(Settings.readBy("worker")).not.toContain("PORT")
    const listed = Configuration.variables().map((variable) => variable.name)
    for (const setting of Settings.settings)
      expect(listed).toEqual(expect.arrayContaining([...Settings.readBy(setting)]))
    expect(Configuration.markdown()).toContain("| `PATRON_WORKER_LEASE_MS` | server, worker |")
  })

  it("states each variable's rule in its reader's words", () => {
    expect(Settings.ruleOf("embedded", "PORT")).toBe("must be a port number from 1 to 65535")
    expect(Settings.ruleOf("embedded", "HOST")).toBeUndefined()
  })

  it("states defaults that read the same configuration as the variable left out", () => {
    let checked = 0
    for (const variable of Configuration.variables()) {
      for (const setting of variable.readers) {
        const value = variable.meaning.defaults?.[setting]
        if (value === undefined) continue
        const base = Settings.baseEnv[setting]
        const absent = Settings.load(setting, base)
        const stated = Settings.load(setting, { ...base, [variable.name]: value })
        expect(Result.isSuccess(stated), `${variable.name}=${value} (${setting})`).toBe(true)
        expect(isDeepStrictEqual(stated, absent), `${variable.name}=${value} is not the default (${setting})`).toBe(
          true
        )
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(40)
  })

  it("would catch a wrong default", () => {
    const base = Settings.baseEnv.embedded
    expect(
      isDeepStrictEqual(Settings.load("embedded", { ...base, PORT: "4001" }), Settings.load("embedded", base))
    ).toBe(false)
  })
})
