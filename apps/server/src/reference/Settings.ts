/**
 * Which variables Patron's processes read, found by running their configuration readers: the server's (`Config.read`,
 * embedded and on PostgreSQL) and the standalone webhook worker's, each against an environment that records every
 * name asked of it. A variable added to a reader is listed without anyone writing it down; `Meanings.ts` says what it
 * means. Each variable's rule comes from its reader too: the message it fails with on a value nothing accepts.
 */
import type { Variables } from "@patron/config"
import { Config as WorkerConfig } from "@patron/webhook-worker"
import { Result } from "effect"
import * as ServerConfig from "../Config.ts"

/** A process and mode whose configuration is read. */
export type Setting = "embedded" | "postgres" | "worker"

/** The settings, in the order the reference lists them. */
export const settings: ReadonlyArray<Setting> = ["embedded", "postgres", "worker"]

/** What a setting is, in the reference's words. */
export const settingNames: Readonly<Record<Setting, string>> = {
  embedded: "embedded",
  postgres: "on PostgreSQL",
  worker: "worker"
}

const postgresUrl = "postgres://postgres@127.0.0.1:5432/patron"

/** The environment a setting starts from. */
export const baseEnv: Readonly<Record<Setting, Variables.Env>> = {
  embedded: {},
  postgres: { DATABASE_URL: postgresUrl },
  worker: { DATABASE_URL: postgresUrl }
}

/** The configuration a setting reads from `env`: its value, or the problems of its bad variables. */
export const load = (setting: Setting, env: Variables.Env): Result.Result<unknown, Variables.ConfigInvalid> =>
  setting === "worker" ? WorkerConfig.load(env) : ServerConfig.load(env, "/patron")

/** The variables a setting reads from `env`, in the order its reader first asks for them. */
export const readBy = (setting: Setting, env: Variables.Env = baseEnv[setting]): ReadonlyArray<string> => {
  const asked = new Set<string>()
  const note = (key: string | symbol) => {
    if (typeof key === "string") asked.add(key)
  }
  // effect's env provider asks `Object.hasOwn(env, name)` before reading a name.
  const recording = new Proxy(env as Record<string, string | undefined>, {
    getOwnPropertyDescriptor: (target, key) => {
      note(key)
      return Reflect.getOwnPropertyDescriptor(target, key)
    },
    get: (target, key) => {
      note(key)
      return Reflect.get(target, key)
    }
  })
  load(setting, recording)
  return [...asked].filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name))
}

/** A value no variable's rule accepts: every reader that checks its text refuses it. */
const unacceptable = "?"

/** What a variable accepts, as its reader says when refusing a value; undefined when it takes any text. */
export const ruleOf = (setting: Setting, variable: string): string | undefined => {
  const result = load(setting, { ...baseEnv[setting], [variable]: unacceptable })
  if (Result.isSuccess(result)) return undefined
  const message = result.failure.problems.find((problem) => problem.variable === variable)?.message
  if (message === undefined) return undefined
  const rule = message.replace(/,? not "\?"$/, "")
  // A message that quotes the value ("schedule "?" has an invalid entry "?": expected …") states its rule last.
  return rule.includes('"?"') ? rule.slice(rule.lastIndexOf(": ") + 2) : rule
}
