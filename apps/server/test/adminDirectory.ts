/**
 * A built admin for tests, in a temporary directory (`PATRON_ADMIN_DIR`): an index.html with one inline style and the
 * nonce placeholder, as Vite builds it, a script and a stylesheet under `assets/`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const placeholder = "__PATRON_CSP_NONCE__"

export const inlineStyle = "html,body,#root{height:100%;margin:0}"

/** Makes the directory; `remove` deletes it. */
export const makeAdminDirectory = () => {
  const directory = mkdtempSync(join(tmpdir(), "patron-admin-dist-"))
  mkdirSync(join(directory, "assets"))
  writeFileSync(
    join(directory, "index.html"),
    `<!doctype html><html><head><title>Patron admin</title><style nonce="${placeholder}">${inlineStyle}</style>` +
      `<meta property="csp-nonce" nonce="${placeholder}">` +
      `<script type="module" crossorigin src="/assets/app.js" nonce="${placeholder}"></script></head>` +
      `<body><div id="root"></div></body></html>`
  )
  writeFileSync(join(directory, "assets", "app.js"), "document.title = 'Patron admin'")
  writeFileSync(join(directory, "assets", "app.css"), "body { color: black }")
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) }
}
