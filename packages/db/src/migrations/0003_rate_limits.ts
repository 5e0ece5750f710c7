/**
 * One rate-limit budget per API token shared by every server process: a token bucket per token (`tokens` left at
 * `updated_at`), from which processes lease calls in small batches (RateLimitBuckets.ts). `granted` is what the last
 * lease got, so that one statement can both take and tell.
 */
export const name = "0003_rate_limits"

export const sql = `
CREATE TABLE rate_limit_buckets (
  token_id text PRIMARY KEY,
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL,
  granted integer NOT NULL
);
`
