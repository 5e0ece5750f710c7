/**
 * CSV imports of customers (CustomerImport.ts, ImportLog.ts): one row per job with its counters, the row it has
 * reached (`last_row`, the header being row 1), its first 1,000 errors, and the process that runs it (`owner`,
 * with `heartbeat_at` moved on by every chunk), so a starting process can mark the jobs of a dead one failed.
 */
export const name = "0004_imports"

export const sql = `
CREATE TABLE imports (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  dry_run boolean NOT NULL,
  match text NOT NULL,
  owner text NOT NULL,
  processed integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  last_row integer NOT NULL DEFAULT 1,
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX imports_running ON imports (owner) WHERE status = 'running';
`
