import { defineConfig } from "vitest/config"

// Property tests run a hundred cases each; on a loaded 2-core CI machine (every suite at once) they take seconds.
export default defineConfig({
  test: { include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 30_000 }
})
