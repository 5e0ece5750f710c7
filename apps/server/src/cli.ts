/**
 * `pnpm patron <command>`: operator commands over the server's configuration and database layer — migrate, create a
 * tenant with its admin token, create a token, seed the sample data — parsed with effect's CLI module. Misuse prints
 * what is wrong and the usage text to stderr and exits 1; `--help` (or `help`) prints the usage text and exits 0.
 */
import { layerPGlite, layerPostgres, migrate, Tenants } from "@patron/db"
import { Access, ApiToken, Grant, Ids, Tenant, Validation } from "@patron/domain"
import { Cause, ConfigProvider, Console, Data, Effect, Exit, type Layer, Option } from "effect"
import { Argument, CliConfig, CliError, CliOutput, Command, Flag, GlobalFlag } from "effect/cli"
import * as Config from "./Config.ts"
import * as Environment from "./cli/Environment.ts"
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

const createToken = (command: { readonly tenant: string; readonly role: string; readonly name: string }) =>
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
  if (applied.length === 0) yield* Console.log("the database is up to date: no migrations applied")
  else yield* Console.log(`applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join("\n")}`)
})

// `pnpm patron` runs in apps/server; relative paths (PATRON_DATA_DIR) mean the directory the command was typed in.
const configuration = Config.read(process.env.INIT_CWD || process.cwd())

/**
 * Runs an operation on the server's services, built from the configuration and released afterwards; without a
 * webhook worker, which delivers from the server's process, never from a command's.
 */
const withServices = <E>(operation: Effect.Effect<void, E, Layer.Success<ReturnType<typeof Services.layer>>>) =>
  Effect.flatMap(configuration, (config) => Effect.provide(operation, Services.layer({ ...config, worker: false })))

const migrateCommand = Command.make("migrate", {}, () =>
  Effect.flatMap(configuration, (config) => Effect.provide(applyMigrations, connection(config.database)))
).pipe(Command.withDescription("apply the database migrations the database lacks"))

const tenantCommand = Command.make("tenant").pipe(
  Command.withDescription("manage tenants"),
  Command.withSubcommands([
    Command.make(
      "create",
      {
        name: Argument.String("name").pipe(
          Argument.withDescription("the tenant's name"),
          Argument.filter(
            (name) => name.trim() !== "",
            () => "tenant create needs a name"
          )
        )
      },
      ({ name }) => withServices(createTenant(name))
    ).pipe(Command.withDescription("create a tenant; prints its id and its admin token"))
  ])
)

const tokenCommand = Command.make("token").pipe(
  Command.withDescription("manage API tokens"),
  Command.withSubcommands([
    Command.make(
      "create",
      {
        tenant: Flag.String("tenant").pipe(Flag.withDescription("the tenant's name")),
        role: Flag.String("role").pipe(Flag.withDescription("the name of the role the token holds")),
        name: Flag.String("name").pipe(Flag.withDescription("the token's name (default: cli)"), Flag.withDefault("cli"))
      },
      (input) => withServices(createToken(input))
    ).pipe(Command.withDescription("create an API token holding a role of a tenant"))
  ])
)

const seedCommand = Command.make(
  "seed",
  {
    tenant: Flag.String("tenant").pipe(
      Flag.withDescription("the tenant's name (default: default)"),
      Flag.withDefault("default")
    )
  },
  ({ tenant }) => withServices(seedTenant(tenant))
).pipe(Command.withDescription("write the sample data for a tenant"))

const helpCommand = Command.make("help", {}, () => showUsage).pipe(Command.withDescription("show this text"))

/** A command line that names no command is misuse: the usage text is shown, after "no command given". */
const noCommand = new CliError.ShowHelp({
  commandPath: ["patron"],
  errors: [new CliError.ValidationError({ message: "no command given" })]
})

const patron = Command.make("patron", {}, () => Effect.fail(noCommand)).pipe(
  Command.withDescription(
    "Operator commands over Patron's database. Configuration comes from the same environment variables as the " +
      "server (PORT, DATABASE_URL, PATRON_DATA_DIR, ...)."
  ),
  Command.withSubcommands([migrateCommand, tenantCommand, tokenCommand, seedCommand, helpCommand]),
  Command.withExamples([
    { command: "pnpm patron migrate", description: "apply the migrations the database lacks" },
    { command: "pnpm patron tenant create <name>", description: "create a tenant and its admin token" },
    {
      command: "pnpm patron token create --tenant <name> --role <role> [--name <token name>]",
      description: "create an API token holding a role of a tenant"
    },
    { command: "pnpm patron seed [--tenant <name>]", description: "write the sample data (default tenant: default)" }
  ])
)

const runner = (args: ReadonlyArray<string>) => Command.runWith(patron, { version: "0.0.0" })(args)

/** The usage text, as `--help` prints it. */
const showUsage: Effect.Effect<void, never, Command.Environment> = Effect.suspend(() => runner(["--help"])).pipe(
  Effect.ignore
)

/** Help goes to stdout when asked for, and to stderr, after what is wrong, on misuse. */
const presenter: CliOutput.Presenter = {
  present: (event) =>
    Effect.flatMap(CliOutput.Formatter, (formatter) => {
      switch (event._tag) {
        case "Help":
          return Console.log(formatter.formatHelpDoc(event.helpDoc))
        case "InvalidInvocation":
          return Console.error(`${formatter.formatErrors(event.errors)}\n${formatter.formatHelpDoc(event.helpDoc)}`)
        case "Version":
          return Console.log(formatter.formatVersion(event.name, event.version))
      }
    })
}

/** Prints why a command failed (what the CLI module has not printed already) and answers the exit code. */
const exitCode = (exit: Exit.Exit<void, unknown>): number => {
  if (Exit.isSuccess(exit)) return 0
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error) && CliError.isCliError(error.value)) {
    return error.value._tag === "ShowHelp" && error.value.errors.length === 0 ? 0 : 1
  }
  if (Option.isSome(error) && error.value instanceof Config.ConfigInvalid) console.error(error.value.message)
  else if (Option.isSome(error) && error.value instanceof Error) console.error(`error: ${error.value.message}`)
  else console.error(Cause.pretty(exit.cause))
  return 1
}

const program = runner(process.argv.slice(2)).pipe(
  Effect.provide(Environment.layer),
  Effect.provide(CliConfig.layer({ builtIns: [GlobalFlag.Help] })),
  Effect.provide(CliOutput.layerPresenter(presenter)),
  Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnvRecord(process.env))
)

process.exit(exitCode(await Effect.runPromiseExit(program)))
