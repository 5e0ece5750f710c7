/**
 * Another process may restart the machine's PostgreSQL while the bench runs (the fault drills do, on the same
 * machine). A part that fails while PostgreSQL restarted (its start time changed, or it was down) waits for it and
 * runs again, at most twice; any other failure ends the bench.
 */
import { adminUrl } from "@patron/db/testing"
import { Postgres } from "../harness/index.ts"

/** When the machine's PostgreSQL started, or undefined while it is unreachable. */
const startedAt = async (): Promise<string | undefined> => {
  try {
    const [row] = await Postgres.query<{ at: string }>(adminUrl, "select pg_postmaster_start_time()::text as at")
    return row?.at
  } catch {
    return undefined
  }
}

/** Waits up to a minute for PostgreSQL to answer; gives its start time. */
const ready = async (): Promise<string | undefined> => {
  for (let waited = 0; waited < 60_000; waited += 1_000) {
    const at = await startedAt()
    if (at !== undefined) return at
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  return undefined
}

/** Runs a part; when it fails across a PostgreSQL restart, calls `undo` (dropping its partial figures) and reruns it. */
export const surviving = async <A>(label: string, run: () => Promise<A>, undo: () => void): Promise<A> => {
  for (let attempt = 1; ; attempt++) {
    const before = await startedAt()
    try {
      return await run()
    } catch (error) {
      const after = await ready()
      if (attempt === 3 || (before !== undefined && before === after)) throw error
      console.log(`  PostgreSQL restarted during ${label} (${String(error).split("\n")[0]}); running it again`)
      undo()
    }
  }
}
