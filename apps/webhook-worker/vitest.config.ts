import { defineConfig } from "vitest/config"

// PGlite's cold start and a fresh PostgreSQL database take seconds on a loaded 2-core machine.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 }
})
