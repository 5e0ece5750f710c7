import { afterAll, describe, expect, it } from "vitest"
import { failure, world } from "./harness.ts"

const current = world()
afterAll(() => current.dispose())

const names = { firstName: "Ada", lastName: "Lovelace" }
const row = (n: number) => ({ match: { identifier: `c-${n}` }, customer: names })

describe("customers.upsert", () => {
  it("answers the customer and its outcome: created, updated, unchanged", async () => {
    const api = current.as(current.admin())
    const created = await api.customers.upsert({ match: { identifier: "ada" }, customer: names })
    expect(created).toMatchObject({ outcome: "created", customer: { identifier: "ada", version: 1 } })
    const updated = await api.customers.upsert({
      match: { identifier: "ada" },
      customer: { ...names, email: "a@x.io" }
    })
    expect(updated).toMatchObject({ outcome: "updated", customer: { email: "a@x.io", version: 2 } })
    const same = await api.customers.upsert({ match: { identifier: "ada" }, customer: { ...names, email: "a@x.io" } })
    expect(same).toMatchObject({ outcome: "unchanged", customer: { version: 2 } })
  })

  it("is FORBIDDEN without customers:update, naming it, and refuses a customer identifier unlike the match's", async () => {
    const refused = await failure(
      current.as(current.without("customers:update")).customers.upsert({ match: { identifier: "x" }, customer: names })
    )
    expect([refused.code, refused.message]).toEqual(["FORBIDDEN", "missing permission customers:update"])
    const unlike = await failure(
      current.as(current.admin()).customers.upsert({
        match: { identifier: "x" },
        customer: { ...names, identifier: "y", email: "bad" }
      })
    )
    expect(unlike.code).toBe("BAD_REQUEST")
    expect(unlike.cause?.issues).toEqual([
      { path: ["customer", "email"], message: expect.any(String) },
      { path: ["customer", "identifier"], message: "must be the identifier of match when both are given" }
    ])
  })
})

describe("customers.upsertMany", () => {
  it("refuses 1,001 rows and an empty list by the rows' size, naming rows", async () => {
    const api = current.as(current.admin())
    const tooMany = await failure(api.customers.upsertMany({ rows: Array.from({ length: 1001 }, (_, n) => row(n)) }))
    expect(tooMany.code).toBe("BAD_REQUEST")
    expect(tooMany.cause?.issues).toEqual([{ path: ["rows"], message: "must hold 1 to 1,000 rows" }])
    const empty = await failure(api.customers.upsertMany({ rows: [] }))
    expect(empty.cause?.issues).toEqual([{ path: ["rows"], message: "must hold 1 to 1,000 rows" }])
    const policy = await failure(api.customers.upsertMany({ rows: [row(1)], errorPolicy: "sometimes" as never }))
    expect(policy.cause?.issues?.map((issue) => issue.path)).toEqual([["errorPolicy"]])
  })

  it("rejectAll answers BAD_REQUEST with each bad row's issues by path and writes nothing", async () => {
    const api = current.as(current.admin())
    const refused = await failure(
      api.customers.upsertMany({
        rows: [
          row(10),
          { match: { identifier: "c-11" }, customer: { ...names, email: "nope" } },
          { match: {} } as never
        ]
      })
    )
    expect(refused.code).toBe("BAD_REQUEST")
    expect(refused.cause?.issues?.map((issue) => issue.path)).toEqual([
      ["rows", 1, "customer", "email"],
      ["rows", 2, "match"],
      ["rows", 2, "customer"]
    ])
    expect(await failure(api.customers.get({ identifier: "c-10" }))).toMatchObject({ code: "NOT_FOUND" })
  })

  it("rejectFailedRows answers every row with its index, outcome, id and issues", async () => {
    const api = current.as(current.admin())
    const { results } = await api.customers.upsertMany({
      errorPolicy: "rejectFailedRows",
      rows: [row(20), { match: { identifier: "c-21" }, customer: { ...names, birthDate: "2999-01-01" } }, row(20)]
    })
    expect(results).toEqual([
      { index: 0, outcome: "created", id: expect.stringMatching(/^cus_/) },
      {
        index: 1,
        outcome: "failed",
        issues: [{ path: ["rows", 1, "customer", "birthDate"], message: expect.any(String) }]
      },
      {
        index: 2,
        outcome: "failed",
        issues: [{ path: ["rows", 2, "match"], message: "matches the same customer as row 0" }]
      }
    ])
  })
})
