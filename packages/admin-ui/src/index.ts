/**
 * @patron/admin-ui: the embeddable React admin of Patron. Import the component and its scoped stylesheet:
 * `import { PatronAdmin } from "@patron/admin-ui"` and `import "@patron/admin-ui/styles.css"`.
 */
export { PatronAdmin, type PatronAdminProps } from "./PatronAdmin.tsx"
