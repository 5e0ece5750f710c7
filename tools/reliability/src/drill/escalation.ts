/**
 * The access drill's escalation check: tokens whose roles hold only access:create, only access:update, only
 * access:delete, or every permission without being the admin role, try each way of reaching above themselves —
 * a role or role update with permissions they lack, a token for the admin role or a role above them, changing,
 * stripping, deleting or revoking tokens of a role above them or of the admin role. Each must answer FORBIDDEN with
 * the message naming what is missing, and the tenant's roles and tokens must be as before; any success fails the
 * drill. Last, the same tokens grant within their own permissions, which must still work.
 */
import { Permission } from "@patron/domain"
import { type Client, client, raw } from "./calls.ts"
import { excerpt, Findings, Tally } from "./report.ts"

/** What the check found: its refused attempts, their outcomes, and the problems that fail the drill. */
export interface Outcome {
  readonly attempts: number
  readonly refused: number
  readonly tally: Tally
  readonly problems: ReadonlyArray<string>
}

interface Attempt {
  readonly caller: string
  readonly path: string
  readonly input: unknown
  readonly message: string
}

const except = (...held: ReadonlyArray<Permission.Permission>) =>
  Permission.all.filter((permission) => !held.includes(permission)).join(", ")

const grantRefusal = (missing: string) => `cannot grant permissions you do not hold: ${missing}`
const reachRefusal = (verb: string, id: string, missing: string) =>
  `cannot ${verb} role ${id}: it holds permissions you do not hold: ${missing}`

/** The roles and tokens of the tenant as the admin sees them, without what use moves (`lastUsedAt`). */
const accessState = async (admin: Client) => {
  const roles = await admin.access.roles.list.query()
  const tokens = await admin.access.tokens.list.query()
  return JSON.stringify({ roles, tokens: tokens.map(({ lastUsedAt: _used, ...token }) => token) })
}

/** Runs the check on a started server through its admin; `prefix` keeps its role names apart from others'. */
export const check = async (base: string, admin: Client, prefix = "escalation"): Promise<Outcome> => {
  const findings = new Findings()
  const tally = new Tally()
  const holder = async (name: string, permissions: Array<Permission.Permission>) => {
    const role = await admin.access.roles.create.mutate({ name: `${prefix} ${name}`, permissions })
    const { secret } = await admin.access.tokens.create.mutate({ name: `${prefix} ${name}`, roleId: role.id })
    return { role, secret }
  }
  const creator = await holder("creator", ["access:create"])
  const updater = await holder("updater", ["access:update"])
  const deleter = await holder("deleter", ["access:delete"])
  const everything = await holder("everything", [...Permission.all])
  const strong = await holder("strong", ["customers:read", "usage:delete"])
  const spare = await admin.access.roles.create.mutate({ name: `${prefix} spare`, permissions: ["usage:delete"] })
  const empty = await admin.access.roles.create.mutate({ name: `${prefix} empty`, permissions: [] })
  const adminRole = (await admin.access.roles.list.query()).find((role) => role.isBuiltIn)
  if (adminRole === undefined) throw new Error("the tenant has no admin role")
  const spareAdmin = await admin.access.tokens.create.mutate({ name: `${prefix} spare admin`, roleId: adminRole.id })
  const strongToken = (await admin.access.tokens.list.query()).find((token) => token.roleId === strong.role.id)
  if (strongToken === undefined) throw new Error("the strong role's token is missing")

  const secrets = new Map([
    ["access:create only", creator.secret],
    ["access:update only", updater.secret],
    ["access:delete only", deleter.secret],
    ["every permission but not admin", everything.secret]
  ])
  const adminTokens = "only the admin role can create tokens for the admin role"
  const adminRevokes = "only the admin role can revoke tokens of the admin role"
  const adminChanges = "roles other than admin cannot change the admin role"
  const strongMissing = "customers:read, usage:delete"
  const attempts: ReadonlyArray<Attempt> = [
    ...[
      ["access.roles.create", { name: "full", permissions: Permission.all }, grantRefusal(except("access:create"))],
      [
        "access.roles.create",
        { name: "more", permissions: ["access:create", "usage:delete"] },
        grantRefusal("usage:delete")
      ],
      ["access.tokens.create", { name: "root", roleId: adminRole.id }, adminTokens],
      ["access.tokens.create", { name: "up", roleId: strong.role.id }, grantRefusal(strongMissing)],
      ["access.tokens.create", { name: "all", roleId: everything.role.id }, grantRefusal(except("access:create"))]
    ].map(([path, input, message]) => ({ caller: "access:create only", path, input, message }) as Attempt),
    ...[
      [
        { id: updater.role.id, patch: { permissions: ["access:update", "access:create"] } },
        grantRefusal("access:create")
      ],
      [{ id: empty.id, patch: { permissions: ["usage:delete"] } }, grantRefusal("usage:delete")],
      [{ id: strong.role.id, patch: { name: "demoted" } }, reachRefusal("change", strong.role.id, strongMissing)],
      [{ id: strong.role.id, patch: { permissions: [] } }, reachRefusal("change", strong.role.id, strongMissing)],
      [{ id: adminRole.id, patch: { name: "root" } }, adminChanges]
    ].map(
      ([input, message]) => ({ caller: "access:update only", path: "access.roles.update", input, message }) as Attempt
    ),
    ...[
      ["access.roles.delete", { id: spare.id }, reachRefusal("delete", spare.id, "usage:delete")],
      [
        "access.tokens.revoke",
        { id: strongToken.id },
        reachRefusal("revoke a token of", strong.role.id, strongMissing)
      ],
      ["access.tokens.revoke", { id: spareAdmin.id }, adminRevokes]
    ].map(([path, input, message]) => ({ caller: "access:delete only", path, input, message }) as Attempt),
    ...[
      ["access.tokens.create", { name: "root", roleId: adminRole.id }, adminTokens],
      ["access.tokens.revoke", { id: spareAdmin.id }, adminRevokes],
      ["access.roles.update", { id: adminRole.id, patch: { name: "root" } }, adminChanges]
    ].map(([path, input, message]) => ({ caller: "every permission but not admin", path, input, message }) as Attempt)
  ]

  const before = await accessState(admin)
  let refused = 0
  for (const attempt of attempts) {
    const started = performance.now()
    const answer = await raw(base, {
      path: attempt.path,
      kind: "mutation",
      body: JSON.stringify(attempt.input),
      token: secrets.get(attempt.caller) as string
    })
    tally.record(answer.outcome.label, performance.now() - started)
    const isRefused = answer.outcome.code === "FORBIDDEN" && answer.outcome.message === attempt.message
    if (isRefused) refused++
    findings.expect(
      isRefused,
      `escalation: ${attempt.caller} ${attempt.path} ${excerpt(attempt.input, 120)} answered ${answer.outcome.label}` +
        ` (expected FORBIDDEN "${attempt.message}"): ${excerpt(answer.body)}`
    )
  }
  const after = await accessState(admin)
  findings.expect(after === before, "escalation: refused attempts changed the tenant's roles or tokens")

  // The rule must not refuse what it allows: grants within the caller's own permissions.
  const allowed = [
    () =>
      client(base, creator.secret).access.roles.create.mutate({
        name: `${prefix} twin`,
        permissions: ["access:create"]
      }),
    () => client(base, creator.secret).access.tokens.create.mutate({ name: "twin", roleId: creator.role.id }),
    () =>
      client(base, updater.secret).access.roles.update.mutate({ id: empty.id, patch: { name: `${prefix} renamed` } })
  ]
  for (const [i, grant] of allowed.entries()) {
    await grant().catch((error: unknown) =>
      findings.expect(false, `escalation: allowed grant ${i + 1} was refused: ${excerpt(String(error))}`)
    )
  }
  return { attempts: attempts.length, refused, tally, problems: findings.problems }
}
