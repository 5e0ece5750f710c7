/**
 * The access drill's escalation check on its own, against the real server process on PGlite (the drill runs it on
 * PostgreSQL and restarts that, so it is not run here): every escalation path is refused and the allowed grants work.
 */
import { describe, expect, it } from "vitest"
import * as Escalation from "../src/drill/escalation.ts"
import { within } from "../src/drill/world.ts"

describe("the access drill's escalation check", () => {
  it("finds every escalation path refused with FORBIDDEN naming what is missing, and nothing written", async () => {
    const outcome = await within("PGlite", { webhooks: false }, (world) =>
      Escalation.check(world.server.base, world.admin)
    )
    expect(outcome.problems).toEqual([])
    expect(outcome.attempts).toBe(16)
    expect(outcome.refused).toBe(outcome.attempts)
    expect(outcome.tally.summary()).toBe("FORBIDDEN 403: 16")
  }, 180_000)
})
