/**
 * A digest of everything a database holds (or one tenant's part of it), table by table, straight from PostgreSQL:
 * a refused call must leave it unchanged, outbox included. Tokens' `last_used_at` is left out: every authenticated
 * call may move it.
 */
import pg from "pg"

const tables: ReadonlyArray<readonly [string, string]> = [
  ["tenants", "x"],
  ["customers", "x"],
  ["customer_external_references", "x"],
  ["orders", "x"],
  ["subscription_contracts", "x"],
  ["usage_records", "x"],
  ["roles", "x"],
  ["api_tokens", "(x.tenant_id, x.id, x.role_id, x.secret_hash, x.revoked_at, x.document)"],
  ["webhook_endpoints", "x"],
  ["outbox_messages", "x"],
  ["deliveries", "x"],
  ["delivery_attempts", "x"]
]

const statement = (tenant: boolean) =>
  tables
    .map(
      ([table, row]) =>
        `select '${table}' as name, count(*)::int as rows, coalesce(sum(length((${row})::text)), 0)::float8 as bytes, md5(coalesce(string_agg((${row})::text, '|' order by (${row})::text), '')) as digest
         from ${table} x${tenant ? ` where x.${table === "tenants" ? "id" : "tenant_id"} = $1` : ""}`
    )
    .join(" union all ")

export interface Fingerprint {
  /** Each table's row count and digest. */
  readonly tables: ReadonlyMap<string, string>
  /** The size of everything as text. */
  readonly bytes: number
}

export interface Reader {
  /** The digest of each table, of every tenant or of `tenantId` alone. */
  readonly take: (tenantId?: string) => Promise<Fingerprint>
  readonly close: () => Promise<void>
}

/** Connects to the database once for many fingerprints. */
export const reader = async (url: string): Promise<Reader> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  await client.connect()
  return {
    take: async (tenantId) => {
      const result = await client.query<{ name: string; rows: number; bytes: number; digest: string }>(
        statement(tenantId !== undefined),
        tenantId === undefined ? [] : [tenantId]
      )
      return {
        tables: new Map(result.rows.map((row) => [row.name, `${row.rows} rows, ${row.digest.slice(0, 8)}`])),
        bytes: result.rows.reduce((sum, row) => sum + row.bytes, 0)
      }
    },
    close: () => client.end()
  }
}

/** The tables that differ between two fingerprints, as "orders (3 rows, ab12… → 4 rows, cd34…)". */
export const changes = (before: Fingerprint, after: Fingerprint): ReadonlyArray<string> =>
  [...after.tables]
    .filter(([table, digest]) => before.tables.get(table) !== digest)
    .map(([table, digest]) => `${table} (${before.tables.get(table)} → ${digest})`)
