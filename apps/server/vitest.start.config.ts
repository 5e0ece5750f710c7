import { defineConfig } from "vitest/config"

// `pnpm start` builds and serves apps/admin/dist, which the admin's browser suite rebuilds and reads: run alone.
export default defineConfig({
  test: { include: ["test-start/**/*.test.ts"], testTimeout: 90_000, hookTimeout: 180_000 }
})
