/**
 * The machine's PostgreSQL for server tests: whether it answers, and a fresh database per suite, dropped afterwards.
 * Suites on it are mandatory under CI=true; elsewhere they skip with a printed reason when it is unreachable.
 */
import pg from "pg"
import type { Started } from "./server.ts"

const adminUrl = process.env.PATRON_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const isCi = process.env.CI === "true" || process.env.CI === "1"

/** Runs one statement as the administrator. */
export const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Whether a suite on PostgreSQL runs: PostgreSQL answers, or CI demands it (then it fails loudly when it does not). */
export const shouldRun = async (suite: string): Promise<boolean> =>
  admin("select 1").then(
    () => true,
    (error) => {
      if (!isCi) console.warn(`skipping ${suite}: PostgreSQL at ${adminUrl} is unreachable: ${error}`)
      return isCi
    }
  )

/** A new, empty database named after `prefix`; its URL, and how to drop it. */
export const freshDatabase = async (prefix: string) => {
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1_000)}`
  await admin(`create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}

/** Stops a started server with SIGTERM and waits until it has exited. */
export const stop = async (started: Started | undefined) => {
  if (started === undefined || started.process.exitCode !== null) return
  const exited = new Promise((resolve) => started.process.once("exit", resolve))
  started.process.kill("SIGTERM")
  await exited
}
