import { defineConfig } from "vitest/config"

// The end-to-end suite: one real server and one real Chromium, steps in order.
export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.e2e.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
