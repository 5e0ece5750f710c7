import { Log } from "@patron/config"
import { Page } from "@patron/domain"
import { Effect, Logger } from "effect"
import { describe, expect, it } from "vitest"
import * as Runner from "../src/Runner.ts"

/** Runs an effect through the runner's logging, answering the log lines it wrote. */
const linesOf = async (effect: Effect.Effect<unknown, unknown>) => {
  const lines: Array<string> = []
  const collect = Log.logger({ level: "info", format: "json", write: (line) => void lines.push(line) })
  await Effect.runPromiseExit(Runner.loggingUnexpected(effect).pipe(Effect.provide(Logger.layer([collect]))))
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe("Runner.loggingUnexpected", () => {
  it("logs an unexpected failure once, as one JSON line with its reason and cause", async () => {
    const lines = await linesOf(
      Effect.die({ _tag: "DatabaseUnavailable", detail: "connect ECONNREFUSED 127.0.0.1:5432" })
    )
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: "error",
      msg: "unexpected failure",
      reason: "connect ECONNREFUSED 127.0.0.1:5432"
    })
    expect(lines[0]?.cause).toEqual(expect.any(String))
  })

  it("logs nothing for a domain error, which the client is told about", async () => {
    expect(await linesOf(Effect.fail(new Page.CursorInvalid({ cursor: "nope" })))).toEqual([])
    expect(await linesOf(Effect.succeed(1))).toEqual([])
  })
})
