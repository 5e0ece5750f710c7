/**
 * Who can grant what, over real HTTP against the server process on an embedded database: a token whose role holds
 * only access:create cannot mint a more powerful role or a token of the admin role, and its refused calls write
 * nothing.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Permission } from "@patron/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Started, startServer } from "./server.ts"

const adminToken = "pat_01JBZ0000000000000000000AB.ZXNjYWxhdGlvbi1kcmlsbC1hZG1pbi1zZWNyZXQtdmFsdWU"
const dataDir = mkdtempSync(join(tmpdir(), "patron-escalation-"))
let started: Started

interface Answer {
  readonly status: number
  readonly body: {
    readonly result?: { readonly data: unknown }
    readonly error?: { readonly message: string; readonly data: { readonly code: string } }
  }
}

const call = async (bearer: string, path: string, input?: unknown): Promise<Answer> => {
  const response = await fetch(`${started.base}/trpc/${path}`, {
    method: input === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
    ...(input === undefined ? {} : { body: JSON.stringify(input) })
  })
  return { status: response.status, body: (await response.json()) as Answer["body"] }
}

const dataOf = <A>(answer: Answer): A => {
  if (answer.body.result === undefined) throw new Error(`expected success, got ${JSON.stringify(answer.body)}`)
  return answer.body.result.data as A
}

interface RoleJson {
  readonly id: string
  readonly name: string
  readonly isBuiltIn: boolean
}

beforeAll(async () => {
  started = await startServer({ PATRON_DATA_DIR: dataDir, PATRON_ADMIN_TOKEN: adminToken, PATRON_SEED: "0" })
}, 180_000)

afterAll(() => {
  if (started.process.exitCode === null) started.process.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

describe("granting over HTTP", () => {
  it("answers 403 FORBIDDEN to an access:create-only token minting a full role or an admin token, and writes nothing", async () => {
    const creatorRole = dataOf<RoleJson>(
      await call(adminToken, "access.roles.create", { name: "creator", permissions: ["access:create"] })
    )
    const { secret } = dataOf<{ secret: string }>(
      await call(adminToken, "access.tokens.create", { name: "creator", roleId: creatorRole.id })
    )
    const roles = dataOf<ReadonlyArray<RoleJson>>(await call(adminToken, "access.roles.list"))
    const adminRole = roles.find((role) => role.isBuiltIn) as RoleJson
    const tokens = dataOf<ReadonlyArray<unknown>>(await call(adminToken, "access.tokens.list"))

    const full = await call(secret, "access.roles.create", { name: "full", permissions: Permission.all })
    expect(full.status).toBe(403)
    expect(full.body.error?.data.code).toBe("FORBIDDEN")
    const lacking = Permission.all.filter((permission) => permission !== "access:create")
    expect(full.body.error?.message).toBe(`cannot grant permissions you do not hold: ${lacking.join(", ")}`)

    const root = await call(secret, "access.tokens.create", { name: "root", roleId: adminRole.id })
    expect(root.status).toBe(403)
    expect(root.body.error).toMatchObject({
      message: "only the admin role can create tokens for the admin role",
      data: { code: "FORBIDDEN" }
    })

    expect(dataOf<ReadonlyArray<RoleJson>>(await call(adminToken, "access.roles.list"))).toEqual(roles)
    expect(dataOf<ReadonlyArray<unknown>>(await call(adminToken, "access.tokens.list"))).toHaveLength(tokens.length)
  })
})
