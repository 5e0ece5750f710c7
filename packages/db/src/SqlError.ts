/**
 * Failures of the database. A statement the database refused (a unique violation, say) is a `SqlError` that
 * repositories may turn into a domain error; anything else reaching the edge is an infrastructure failure, never
 * shown to clients with its SQL.
 */
import { Schema } from "effect"

/** A statement failed; `code` is the PostgreSQL SQLSTATE when the server gave one. */
export class SqlError extends Schema.TaggedError<SqlError>()("SqlError", {
  code: Schema.optional(Schema.String),
  constraint: Schema.optional(Schema.String),
  detail: Schema.String
}) {
  override get message() {
    return `database statement failed${this.code ? ` (${this.code})` : ""}`
  }
}

/** The database cannot be reached (connection refused or lost, server shutting down, timeout). */
export class DatabaseUnavailable extends Schema.TaggedError<DatabaseUnavailable>()("DatabaseUnavailable", {
  detail: Schema.String
}) {
  override get message() {
    return "the database is unavailable"
  }
}

const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004"
])

/** Classifies a driver error: a refused statement, or the database being unreachable. */
export const fromDriver = (error: unknown): SqlError | DatabaseUnavailable => {
  const fields = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown
    constraint?: unknown
    message?: unknown
  }
  const code = typeof fields.code === "string" ? fields.code : undefined
  const detail = typeof fields.message === "string" ? fields.message : String(error)
  if (
    (code !== undefined && connectionCodes.has(code)) ||
    /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|closed/i.test(
      detail
    )
  ) {
    return new DatabaseUnavailable({ detail })
  }
  return new SqlError({
    ...(code === undefined ? {} : { code }),
    ...(typeof fields.constraint === "string" ? { constraint: fields.constraint } : {}),
    detail
  })
}

/** Whether a failure is a unique violation of the named constraint. */
export const isUniqueViolation = (error: SqlError, constraint: string): boolean =>
  error.code === "23505" && (error.constraint === constraint || error.detail.includes(constraint))
