import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["./test/setup.ts"],
    // Typing with user-event is slow on a loaded 2-core machine (the whole suite runs beside the others in CI).
    testTimeout: 30_000,
    // The stylesheet test reads the CSS as text (`?raw`), which needs CSS files to be processed.
    css: { include: [/\.css/] }
  }
})
