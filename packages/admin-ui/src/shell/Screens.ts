/**
 * The admin's screens, where they live and the permission that shows them.
 */
import type { Permission } from "@patron/domain"

export interface Screen {
  readonly path: "/customers" | "/webhooks" | "/access"
  readonly title: string
  readonly permission: Permission.Permission
}

export const screens: ReadonlyArray<Screen> = [
  { path: "/customers", title: "Customers", permission: "customers:read" },
  { path: "/webhooks", title: "Webhooks", permission: "webhooks:read" },
  { path: "/access", title: "Access", permission: "access:read" }
]
