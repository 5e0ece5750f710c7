/**
 * The command line of `pnpm patron`: plain `process.argv` parsing into one command, or a usage error.
 */

/** One thing the CLI can do. */
export type Command =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Migrate" }
  | { readonly _tag: "TenantCreate"; readonly name: string }
  | { readonly _tag: "TokenCreate"; readonly tenant: string; readonly role: string; readonly name: string }
  | { readonly _tag: "Seed"; readonly tenant: string }

/** The arguments do not make a command; `message` says why. */
export interface Misuse {
  readonly _tag: "Misuse"
  readonly message: string
}

export const usage = `Usage: pnpm patron <command>

Commands:
  migrate                                         apply the database migrations the database lacks
  tenant create <name>                            create a tenant; prints its id and its admin token
  token create --tenant <name> --role <role> [--name <token name>]
                                                  create an API token holding a role of a tenant
  seed [--tenant <name>]                          write the sample data for a tenant (default: default)
  help                                            show this text

Configuration comes from the same environment variables as the server (PORT, DATABASE_URL, PATRON_DATA_DIR, ...).`

const misuse = (message: string): Misuse => ({ _tag: "Misuse", message })

/** Splits arguments into positionals and `--flag value` / `--flag=value` pairs; a flag without a value is misuse. */
const split = (args: ReadonlyArray<string>): { positionals: Array<string>; flags: Map<string, string> } | Misuse => {
  const positionals: Array<string> = []
  const flags = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!arg.startsWith("--")) {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf("=")
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1)
    if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) {
      return misuse(`--${flag} needs a value`)
    }
    if (flags.has(flag)) return misuse(`--${flag} is given twice`)
    flags.set(flag, value)
  }
  return { positionals, flags }
}

/** The command of the arguments after `node cli.ts`. */
export const parse = (args: ReadonlyArray<string>): Command | Misuse => {
  if (args.length === 0) return misuse("no command given")
  if (args.includes("--help") || args.includes("-h")) return { _tag: "Help" }
  const parts = split(args)
  if ("_tag" in parts) return parts
  const { positionals, flags } = parts
  const only = (allowed: ReadonlyArray<string>): Misuse | undefined => {
    const unknown = [...flags.keys()].find((flag) => !allowed.includes(flag))
    return unknown === undefined ? undefined : misuse(`unknown option --${unknown}`)
  }
  const [command, sub, ...rest] = positionals
  switch (command) {
    case "help":
      return { _tag: "Help" }
    case "migrate":
      if (positionals.length > 1) return misuse(`migrate takes no arguments`)
      return only([]) ?? { _tag: "Migrate" }
    case "seed":
      if (positionals.length > 1) return misuse(`seed takes no arguments besides --tenant`)
      return only(["tenant"]) ?? { _tag: "Seed", tenant: flags.get("tenant") ?? "default" }
    case "tenant": {
      if (sub !== "create") return misuse(sub === undefined ? "tenant needs a subcommand" : `unknown: tenant ${sub}`)
      const name = rest[0]
      if (name === undefined || name.trim() === "") return misuse("tenant create needs a name")
      if (rest.length > 1) return misuse("tenant create takes one name")
      return only([]) ?? { _tag: "TenantCreate", name }
    }
    case "token": {
      if (sub !== "create") return misuse(sub === undefined ? "token needs a subcommand" : `unknown: token ${sub}`)
      if (rest.length > 0) return misuse(`unexpected argument ${rest[0]}`)
      const unknown = only(["tenant", "role", "name"])
      if (unknown !== undefined) return unknown
      const tenant = flags.get("tenant")
      const role = flags.get("role")
      if (tenant === undefined) return misuse("token create needs --tenant <name>")
      if (role === undefined) return misuse("token create needs --role <role name>")
      return { _tag: "TokenCreate", tenant, role, name: flags.get("name") ?? "cli" }
    }
    default:
      return misuse(command === undefined ? "no command given" : `unknown command ${command}`)
  }
}
