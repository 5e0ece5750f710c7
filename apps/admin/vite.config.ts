/**
 * The standalone admin's build. `pnpm --filter @patron/admin dev` serves it with hot reload and proxies `/trpc` to
 * the API (`PATRON_API_URL`, default http://127.0.0.1:4000), so the browser talks to one origin and needs no CORS.
 */
import react from "@vitejs/plugin-react"
import { defineConfig } from "vite"

const api = process.env.PATRON_API_URL ?? "http://127.0.0.1:4000"

export default defineConfig({
  plugins: [react()],
  // Every <script>, <style> and stylesheet link gets this nonce, and a <meta property="csp-nonce"> carries it for the
  // styles Radix injects at run time; the server puts a fresh nonce in its place on every answer (Static.ts).
  html: { cspNonce: "__PATRON_CSP_NONCE__" },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: { "/trpc": { target: api, changeOrigin: true } }
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // The domain package has no top-level side effects (it declares Schemas and pure functions), but its
      // package.json does not say so; saying it here lets unused modules (use cases, ports) drop out of the bundle.
      treeshake: { moduleSideEffects: (id: string) => !/\/packages\/domain\/src\//.test(id) }
    }
  }
})
