/**
 * The procedures one `/trpc` request calls: `/trpc/a,b,c?batch=1` is a batch of three calls (tRPC's batch form),
 * anything else one call. The host caps a batch at `PATRON_MAX_BATCH_CALLS` and counts each call against the
 * token's rate limit, so a batch cannot do more than the same calls sent one by one.
 */

/** The procedure paths a request to `/trpc/<path>` calls. */
export const procedures = (path: string, searchParams: URLSearchParams): ReadonlyArray<string> =>
  searchParams.get("batch") === "1" ? path.split(",") : [path]

/** Why a batch is refused before any of it runs: more calls than `maxCalls`. */
export const tooLarge = (count: number, maxCalls: number): string | undefined =>
  count <= maxCalls
    ? undefined
    : `a batch may hold at most ${maxCalls} calls (PATRON_MAX_BATCH_CALLS), this one has ${count}: split it`
