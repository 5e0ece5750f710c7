/**
 * The access drill: every procedure of the router, called with valid inputs on tenant A's records by
 * - a token of tenant A whose role holds every permission but the one the procedure needs → FORBIDDEN, no data;
 * - tenant B's admin token (tenant made with the operator CLI's `tenant create`, the compiled `dist/cli.js`) →
 *   NOT_FOUND or B's own data, never A's;
 * - no token, a malformed token and a revoked token → UNAUTHORIZED;
 * - tokens holding only access:create, access:update or access:delete, or every permission without being the admin
 *   role, trying each way above themselves (escalation.ts) → FORBIDDEN naming what is missing, nothing written.
 * A's records (every table, outbox included) must be exactly as before when it ends.
 */
import { execFile } from "node:child_process"
import { join } from "node:path"
import { promisify } from "node:util"
import { Permission } from "@patron/domain"
import { client, dataOf, isServerSide, type RawAnswer, raw } from "./calls.ts"
import * as Escalation from "./escalation.ts"
import * as Fingerprint from "./fingerprint.ts"
import * as Fixtures from "./fixtures.ts"
import { type Procedure, procedures, uncovered } from "./procedures.ts"
import { excerpt, Findings, type Result, Tally } from "./report.ts"
import { within } from "./world.ts"

const serverDirectory = join(import.meta.dirname, "../../../../apps/server")

/** Creates a tenant with the compiled operator CLI (built with the server's bundle) and answers its admin token. */
const createTenant = async (databaseUrl: string, name: string): Promise<string> => {
  const { stdout } = await promisify(execFile)(process.execPath, ["dist/cli.js", "tenant", "create", name], {
    cwd: serverDirectory,
    env: { ...process.env, DATABASE_URL: databaseUrl, PATRON_SEED: "0", PATRON_LOG_LEVEL: "warn" }
  })
  const token = /pat_\S+/.exec(stdout)?.[0]
  if (token === undefined) throw new Error(`patron tenant create printed no token:\n${stdout}`)
  return token
}

interface Caller {
  readonly name: string
  readonly token: (procedure: Procedure) => string | undefined
}

/** Whether an answer holds any of tenant A's ids, its marker or its tenant id. */
const leaks = (answer: RawAnswer, secrets: ReadonlyArray<string>) =>
  dataOf(answer) !== undefined && secrets.some((secret) => answer.body.includes(secret))

export const drill = (): Promise<Result> =>
  within("PostgreSQL", { webhooks: false }, async (world) => {
    const started = performance.now()
    const findings = new Findings()
    const missing = uncovered()
    findings.expect(missing.length === 0, `procedures the drill does not cover: ${missing.join(", ")}`)
    const url = world.databaseUrl as string
    const a = await Fixtures.create(world.admin, `tenantA${Date.now().toString(36)}`)
    const tenantA = (await world.admin.access.me.query()).tenantId
    const tokenB = await createTenant(url, "drill-other-tenant")
    const tenantB = (await client(world.server.base, tokenB).access.me.query()).tenantId
    const without = new Map<Permission.Permission, string>()
    for (const permission of Permission.all) {
      const role = await world.admin.access.roles.create.mutate({
        name: `without ${permission}`,
        permissions: Permission.all.filter((granted) => granted !== permission)
      })
      without.set(
        permission,
        (await world.admin.access.tokens.create.mutate({ name: `without ${permission}`, roleId: role.id })).secret
      )
    }
    const revoked = await world.admin.access.tokens.create.mutate({ name: "revoked", roleId: a.roleId })
    await world.admin.access.tokens.revoke.mutate({ id: revoked.id })
    // Before the baseline: the check makes roles and tokens of its own, then proves its refusals wrote nothing.
    const escalation = await Escalation.check(world.server.base, world.admin)
    for (const problem of escalation.problems) findings.expect(false, problem)

    const reader = await Fingerprint.reader(url)
    const baseline = await reader.take(tenantA)
    const secrets = [...Fixtures.ids(a), a.marker, tenantA]
    const tally = new Tally()
    const rows: Array<Array<string>> = []
    const leaked: Array<string> = []
    const call = async (procedure: Procedure, token: string | undefined) => {
      const startedCall = performance.now()
      const answer = await raw(world.server.base, {
        path: procedure.path,
        kind: procedure.kind,
        body: procedure.input(a) === undefined ? undefined : JSON.stringify(procedure.input(a)),
        ...(token === undefined ? {} : { token })
      })
      tally.record(answer.outcome.label, performance.now() - startedCall)
      if (leaks(answer, secrets)) leaked.push(`${procedure.path}: ${excerpt(answer.body)}`)
      return answer
    }
    const callers: ReadonlyArray<Caller> = [
      { name: "no token", token: () => undefined },
      { name: "malformed token", token: () => "pat_not-a-token" },
      { name: "revoked token", token: () => revoked.secret }
    ]
    try {
      for (const procedure of procedures) {
        const cells: Array<string> = [procedure.path]
        if (procedure.permission === undefined) cells.push("(any valid token)")
        else {
          const answer = await call(procedure, without.get(procedure.permission))
          const named = answer.outcome.message === `missing permission ${procedure.permission}`
          const ok = findings.expect(
            answer.outcome.code === "FORBIDDEN" && named,
            `${procedure.path} without ${procedure.permission} answered ${answer.outcome.label}: ${excerpt(answer.body)}`
          )
          cells.push(`${answer.outcome.label}${ok ? "" : " ✗"}`)
        }
        const answer = await call(procedure, tokenB)
        const input = JSON.stringify(procedure.input(a) ?? null)
        const addressesA = Fixtures.ids(a).some((id) => input.includes(id))
        const isRefusal = answer.outcome.code === "NOT_FOUND"
        const isOwnData = answer.outcome.code === "ok" && !leaks(answer, secrets)
        const ok = findings.expect(
          !isServerSide(answer.outcome) && (isRefusal || isOwnData),
          `${procedure.path} by another tenant answered ${answer.outcome.label}: ${excerpt(answer.body)}`
        )
        if (ok && addressesA && isOwnData) {
          findings.note(
            `${procedure.path} with another tenant's id answers ${excerpt(dataOf(answer), 80)}, not NOT_FOUND`
          )
        }
        cells.push(`${answer.outcome.label}${ok ? "" : " ✗"}`)
        const unauthenticated = await Promise.all(callers.map((caller) => call(procedure, caller.token(procedure))))
        const refused = unauthenticated.every((answer) => answer.outcome.code === "UNAUTHORIZED")
        findings.expect(
          refused,
          `${procedure.path} without a valid token answered ${unauthenticated.map((u) => u.outcome.label).join(", ")}`
        )
        cells.push(refused ? "UNAUTHORIZED 401 ×3" : `${unauthenticated.map((u) => u.outcome.label).join(", ")} ✗`)
        rows.push(cells)
      }
      const changed = Fingerprint.changes(baseline, await reader.take(tenantA))
      findings.expect(changed.length === 0, `tenant A's data changed: ${changed.join(", ")}`)
      findings.expect(leaked.length === 0, `answers holding tenant A's data: ${leaked.join("; ")}`)
      return {
        name: "access",
        setting: `${world.setting}, tenant A ${tenantA}, tenant B ${tenantB}`,
        figures: [
          ["procedures", `${procedures.length} (router: ${procedures.length - missing.length} covered)`],
          ["requests", tally.requests],
          ["outcomes", tally.summary()],
          ["answers with tenant A's data", leaked.length],
          [
            "escalation attempts (access:create / :update / :delete only, all but admin)",
            `${escalation.refused} of ${escalation.attempts} FORBIDDEN naming what is missing (${escalation.tally.summary()})`
          ],
          ["tenant A's tables after the drill", changed.length === 0 ? "unchanged" : `CHANGED: ${changed.join(", ")}`]
        ],
        details: {
          columns: [
            "procedure",
            "A's token without its permission",
            "B's admin on A's records",
            "no / bad / revoked token"
          ],
          rows
        },
        problems: findings.problems,
        notes: findings.notes,
        seconds: (performance.now() - started) / 1000
      }
    } finally {
      await reader.close()
    }
  })
