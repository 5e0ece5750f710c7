import { Option, Result } from "effect"
import { describe, expect, it } from "vitest"
import * as Config from "../src/Config.ts"

describe("Config.load", () => {
  it("defaults to the embedded mode on 127.0.0.1:4000 with the worker in process and private webhooks allowed", () => {
    const config = Result.getOrThrow(Config.load({}, "/srv/patron"))
    expect(config).toMatchObject({
      port: 4000,
      host: "127.0.0.1",
      database: { _tag: "PGlite", dataDir: "/srv/patron/.patron/data" },
      seed: true,
      worker: true,
      webhooksAllowPrivate: true
    })
    expect(Option.isNone(config.adminToken)).toBe(true)
    expect(config.retrySchedule).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000])
  })

  it("runs on PostgreSQL with DATABASE_URL, without the worker and refusing private webhooks by default", () => {
    const config = Result.getOrThrow(Config.load({ DATABASE_URL: "postgres://postgres@127.0.0.1/patron" }))
    expect(config).toMatchObject({ database: { _tag: "Postgres" }, worker: false, webhooksAllowPrivate: false })
  })

  it("names every bad variable", () => {
    const result = Config.load({
      PORT: "http",
      DATABASE_URL: "mysql://x",
      PATRON_SEED: "yes",
      PATRON_WEBHOOK_RETRY_SCHEDULE: "5s,soon",
      PATRON_ADMIN_TOKEN: "letmein"
    })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) {
      expect(result.failure.problems.map((p) => p.variable)).toEqual([
        "PORT",
        "DATABASE_URL",
        "PATRON_ADMIN_TOKEN",
        "PATRON_SEED",
        "PATRON_WEBHOOK_RETRY_SCHEDULE"
      ])
      expect(result.failure.message).toContain("PORT: must be a port number from 1 to 65535")
    }
  })

  it("reads the in-process worker's tuning, naming a bad value", () => {
    const tuned = Config.load({ PATRON_WORKER_CONCURRENCY: "64", PATRON_WORKER_LEASE_MS: "30000" })
    expect(Result.isSuccess(tuned) && tuned.success.workerTuning).toMatchObject({
      concurrency: 64,
      leaseMillis: 30_000
    })
    const bad = Config.load({ PATRON_WORKER_CONCURRENCY: "0", PATRON_WORKER_POLL_MS: "often" })
    expect(Result.isFailure(bad) && bad.failure.problems.map((p) => p.variable)).toEqual([
      "PATRON_WORKER_CONCURRENCY",
      "PATRON_WORKER_POLL_MS"
    ])
  })
})
