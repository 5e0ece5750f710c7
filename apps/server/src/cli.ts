/**
 * `pnpm patron <command>`: operator commands over the server's configuration and database layer — migrate, create a
 * tenant with its admin token, create a token, seed the sample data. Misuse prints the usage text and exits 1.
 */
import { layerPGlite, layerPostgres, migrate, Tenants } from "@patron/db"
import { Access, ApiToken, Grant, Ids, Tenant, Validation } from "@patron/domain"
import { Cause, Data, Effect, Exit, type Layer, ManagedRuntime, Option, Result } from "effect"
import * as Config from "./Config.ts"
import { type Command, parse, usage } from "./cli/Args.ts"
import { seed } from "./Seed.ts"
import * as Services from "./Services.ts"

/** A refusal the operator can act on; its message is all that is printed. */
class CliFailure extends Data.TaggedError("CliFailure")<{ readonly message: string }> {}

const findTenant = (name: string) =>
  Effect.flatMap(Tenants.findByName(name), (id) =>
    Option.isSome(id)
      ? Effect.succeed(id.value)
      : Effect.fail(
          new CliFailure({ message: `no tenant named "${name}" (create one with: pnpm patron tenant create <name>)` })
        )
  )

const createTenant = (name: string) =>
  Effect.gen(function* () {
    const refuse = new CliFailure({ message: `a tenant named "${name}" already exists` })
    if (Option.isSome(yield* Tenants.findByName(name))) return yield* refuse
    const proposedId = (yield* (yield* Ids.Ids).make("tenant")) as Tenant.TenantId
    const tenantId = yield* Tenants.ensure({ id: proposedId, name })
    if (tenantId !== proposedId) return yield* refuse
    const { created } = yield* Access.bootstrapTenant({ tenantId })
    console.log(`tenant "${name}" created: ${tenantId}`)
    if (Option.isSome(created)) console.log(`admin API token (shown once):\n  ${created.value.secret}`)
  })

const createToken = (command: Extract<Command, { _tag: "TokenCreate" }>) =>
  Effect.gen(function* () {
    const tenantId = yield* findTenant(command.tenant)
    yield* Effect.gen(function* () {
      const roles = yield* Access.listRoles()
      const role = roles.find((r) => r.name === command.role)
      if (role === undefined) {
        const names = roles.map((r) => r.name).join(", ")
        return yield* new CliFailure({
          message: `tenant "${command.tenant}" has no role named "${command.role}" (its roles: ${names})`
        })
      }
      const input = yield* Validation.decode(ApiToken.CreateInput)({ name: command.name, roleId: role.id })
      // The operator owns the database, so it grants as the admin role: any role, admin included.
      const { token, secret } = yield* Access.createToken(input, Grant.operator)
      console.log(`token "${token.name}" (${token.id}) created for tenant "${command.tenant}" with role "${role.name}"`)
      console.log(`API token (shown once):\n  ${secret}`)
    }).pipe(Effect.provideService(Tenant.CurrentTenant, { id: tenantId }))
  })

const seedTenant = (name: string) =>
  Effect.gen(function* () {
    const tenantId = yield* findTenant(name)
    yield* seed(tenantId)
    console.log(`sample data written for tenant "${name}"`)
  })

/** The database connection alone, without the migration the full layer runs on construction. */
const connection = (database: Config.Config["database"]): Layer.Layer<Services.DatabaseTag> =>
  database._tag === "Postgres" ? layerPostgres({ url: database.url }) : layerPGlite({ dataDir: database.dataDir })

const applyMigrations = Effect.gen(function* () {
  const applied = yield* migrate
  if (applied.length === 0) console.log("the database is up to date: no migrations applied")
  else console.log(`applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join("\n")}`)
})

/** Runs an effect on a runtime, disposes it, and answers the exit code; failures are printed to stderr. */
const run = async <R, E>(runtime: ManagedRuntime.ManagedRuntime<R, never>, effect: Effect.Effect<void, E, R>) => {
  const exit = await runtime.runPromiseExit(effect)
  await runtime.dispose()
  if (Exit.isSuccess(exit)) return 0
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error) && error.value instanceof Error) console.error(`error: ${error.value.message}`)
  else console.error(Cause.pretty(exit.cause))
  return 1
}

const main = async (): Promise<number> => {
  const command = parse(process.argv.slice(2))
  if (command._tag === "Misuse") {
    console.error(`${command.message}\n\n${usage}`)
    return 1
  }
  if (command._tag === "Help") {
    console.log(usage)
    return 0
  }
  // `pnpm patron` runs in apps/server; relative paths (PATRON_DATA_DIR) mean the directory the command was typed in.
  const loaded = Config.load(process.env, process.env.INIT_CWD || process.cwd())
  if (Result.isFailure(loaded)) {
    console.error(loaded.failure.message)
    return 1
  }
  const config = loaded.success
  if (command._tag === "Migrate") return run(ManagedRuntime.make(connection(config.database)), applyMigrations)
  const runtime = ManagedRuntime.make(Services.layer(config))
  switch (command._tag) {
    case "TenantCreate":
      return run(runtime, createTenant(command.name))
    case "TokenCreate":
      return run(runtime, createToken(command))
    case "Seed":
      return run(runtime, seedTenant(command.tenant))
  }
}

process.exit(await main())
