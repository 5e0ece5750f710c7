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

  it("runs on PostgreSQL with DATABASE_URL, with the worker in process and refusing private webhooks by default", () => {
    const config = Result.getOrThrow(Config.load({ DATABASE_URL: "postgres://postgres@127.0.0.1/patron" }))
    expect(config).toMatchObject({ database: { _tag: "Postgres" }, worker: true, webhooksAllowPrivate: false })
  })

  it("leaves webhooks to standalone workers with PATRON_WORKER=0, in either mode", () => {
    const postgres = { DATABASE_URL: "postgres://postgres@127.0.0.1/patron", PATRON_WORKER: "0" }
    expect(Result.getOrThrow(Config.load(postgres)).worker).toBe(false)
    expect(Result.getOrThrow(Config.load({ PATRON_WORKER: "0" })).worker).toBe(false)
    const bad = Config.load({ PATRON_WORKER: "no" })
    expect(Result.isFailure(bad) && bad.failure.message).toContain('PATRON_WORKER: must be 0 or 1, not "no"')
  })

  it("logs JSON lines by default, and short lines for people with PATRON_LOG_FORMAT=pretty", () => {
    expect(Result.getOrThrow(Config.load({})).logFormat).toBe("json")
    expect(Result.getOrThrow(Config.load({ PATRON_LOG_FORMAT: "pretty" })).logFormat).toBe("pretty")
    const bad = Config.load({ PATRON_LOG_FORMAT: "xml" })
    expect(Result.isFailure(bad) && bad.failure.message).toContain("PATRON_LOG_FORMAT: must be one of json, pretty")
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

  it("limits bodies, batches, requests in work, connections and their timeouts by default, and framing to no one", () => {
    const config = Result.getOrThrow(Config.load({}))
    expect(config.limits).toEqual({
      maxBodyBytes: 1_048_576,
      maxImportBytes: 104_857_600,
      maxBatchCalls: 50,
      maxConcurrentRequests: 2,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1_024,
      frameAncestors: "'none'"
    })
    expect(config.adminDirectory).toMatch(/apps\/admin\/dist$/)
    const tuned = Config.load(
      {
        PATRON_MAX_BODY_BYTES: "4096",
        PATRON_FRAME_ANCESTORS: "self, https://shop.example.com",
        PATRON_ADMIN_DIR: "ui"
      },
      "/srv"
    )
    expect(Result.isSuccess(tuned) && tuned.success.limits).toMatchObject({
      maxBodyBytes: 4096,
      frameAncestors: "'self' https://shop.example.com"
    })
    expect(Result.isSuccess(tuned) && tuned.success.adminDirectory).toBe("/srv/ui")
  })

  it("bounds the requests in work to 2 on the embedded database, not on PostgreSQL, unless told", () => {
    const requestsInWork = (env: Record<string, string>) =>
      Result.getOrThrow(Config.load(env)).limits.maxConcurrentRequests
    const postgres = { DATABASE_URL: "postgres://localhost/patron" }
    expect(requestsInWork({})).toBe(2)
    expect(requestsInWork(postgres)).toBe(0)
    expect(requestsInWork({ PATRON_MAX_CONCURRENT_REQUESTS: "0" })).toBe(0)
    expect(requestsInWork({ ...postgres, PATRON_MAX_CONCURRENT_REQUESTS: "64" })).toBe(64)
    const bad = Config.load({ PATRON_MAX_CONCURRENT_REQUESTS: "eight" })
    expect(Result.isFailure(bad) && bad.failure.message).toContain(
      'PATRON_MAX_CONCURRENT_REQUESTS: must be a whole number of at least 0, not "eight"'
    )
  })

  it("names every bad limit", () => {
    const result = Config.load({
      PATRON_MAX_BODY_BYTES: "1MB",
      PATRON_MAX_BATCH_CALLS: "0",
      PATRON_HEADERS_TIMEOUT_MS: "20000",
      PATRON_REQUEST_TIMEOUT_MS: "10000",
      PATRON_KEEP_ALIVE_TIMEOUT_MS: "-1",
      PATRON_MAX_CONNECTIONS: "lots",
      PATRON_FRAME_ANCESTORS: "javascript:alert(1)"
    })
    expect(Result.isFailure(result) && result.failure.problems.map((p) => p.variable)).toEqual([
      "PATRON_REQUEST_TIMEOUT_MS",
      "PATRON_MAX_BODY_BYTES",
      "PATRON_MAX_BATCH_CALLS",
      "PATRON_KEEP_ALIVE_TIMEOUT_MS",
      "PATRON_MAX_CONNECTIONS",
      "PATRON_FRAME_ANCESTORS"
    ])
    expect(Result.isFailure(result) && result.failure.message).toContain(
      "PATRON_REQUEST_TIMEOUT_MS: must be at least PATRON_HEADERS_TIMEOUT_MS (20000), not 10000"
    )
    expect(Result.isFailure(result) && result.failure.message).toContain(
      'PATRON_MAX_BODY_BYTES: must be a whole number of at least 1, not "1MB"'
    )
  })
})
