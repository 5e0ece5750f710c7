/**
 * `pnpm docs:generate`: writes the generated parts of `docs/` (the configuration reference and the API reference) from
 * the code, formatted as `pnpm lint` (Biome) formats Markdown; `pnpm docs:generate --check` writes nothing and exits 1
 * naming each file that differs from what the code generates.
 */
import { spawnSync } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import * as ApiReference from "./ApiReference.ts"
import * as Configuration from "./Configuration.ts"

/** The repository's `docs/` directory. */
export const docsDirectory = resolve(import.meta.dirname, "../../../../docs")

const repository = resolve(docsDirectory, "..")
const biome = join(repository, "node_modules/@biomejs/biome/bin/biome")

/** Markdown as Biome formats it, so that `pnpm lint` finds nothing to change in a generated file. */
const formatted = (path: string, markdown: string): string => {
  const result = spawnSync(process.execPath, [biome, "format", `--stdin-file-path=${relative(repository, path)}`], {
    cwd: repository,
    input: markdown,
    encoding: "utf8"
  })
  if (result.status !== 0) throw new Error(`biome could not format ${path}: ${result.stderr}`)
  return result.stdout
}

/** Each generated file and its content. */
export const generated = (): ReadonlyArray<{ readonly path: string; readonly content: string }> =>
  [
    { path: join(docsDirectory, "configuration.md"), content: Configuration.markdown() },
    { path: join(docsDirectory, "api-reference.md"), content: ApiReference.markdown() }
  ].map((file) => ({ ...file, content: formatted(file.path, file.content) }))

const current = (path: string) => {
  try {
    return readFileSync(path, "utf8")
  } catch {
    return undefined
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const isCheck = process.argv.includes("--check")
  const stale = generated().filter((file) => current(file.path) !== file.content)
  for (const file of stale) {
    const name = relative(process.cwd(), file.path)
    if (isCheck) console.error(`${name} is not what the code generates: run pnpm docs:generate`)
    else {
      writeFileSync(file.path, file.content)
      console.log(`wrote ${name}`)
    }
  }
  if (stale.length === 0) console.log("docs/ is up to date")
  if (isCheck && stale.length > 0) process.exitCode = 1
}
