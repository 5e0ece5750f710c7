import { Option } from "effect"
import { describe, expect, it } from "vitest"
import * as Announcement from "../src/Announcement.ts"

const start: Announcement.Start = {
  url: "http://127.0.0.1:4000",
  database: "Postgres",
  tokenFile: "/srv/patron/.patron/admin-token",
  createdToken: Option.none(),
  hasTokenFile: false,
  worker: true
}
const messages = (changes: Partial<Announcement.Start>) =>
  Announcement.lines({ ...start, ...changes }).map((l) => l.msg)

describe("Announcement.lines", () => {
  it("says where Patron runs, then where the admin token is, then what delivers webhooks", () => {
    expect(messages({ hasTokenFile: true })).toEqual([
      "Patron is running at http://127.0.0.1:4000 (PostgreSQL)",
      "admin API token: in /srv/patron/.patron/admin-token (written at the first start)",
      "webhooks: delivered by an in-process worker; set PATRON_WORKER=0 when running standalone workers"
    ])
  })

  it("shows a token made by this start once, with its file", () => {
    const [, token] = Announcement.lines({ ...start, createdToken: Option.some("pat_x.y"), hasTokenFile: true })
    expect(token).toEqual({
      level: "info",
      msg: "admin API token (shown once, also written to /srv/patron/.patron/admin-token): pat_x.y",
      fields: { tokenFile: "/srv/patron/.patron/admin-token" }
    })
  })

  it("tells how to make a token with the CLI when there is no file; on PGlite, with the server stopped", () => {
    expect(messages({})[1]).toBe(
      "admin API token: no file at /srv/patron/.patron/admin-token (the database's admin token was made elsewhere); to make one, run pnpm patron token create --tenant default --role admin"
    )
    expect(messages({ database: "PGlite" })[1]).toContain("to make one, stop the server, then run pnpm patron token")
  })

  it("names the standalone workers when PATRON_WORKER=0, and warns that nothing delivers on PGlite", () => {
    expect(messages({ worker: false })[2]).toBe(
      "webhooks: not delivered by this process (PATRON_WORKER=0); standalone workers deliver them (pnpm --filter @patron/webhook-worker start)"
    )
    const [, , embedded] = Announcement.lines({ ...start, database: "PGlite", worker: false })
    expect(embedded?.level).toBe("warn")
  })
})
