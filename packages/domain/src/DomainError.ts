/**
 * Every failure a use case can end with, as one union. The API answers each by its tag (its `Failure` map must name
 * every `Tag`, checked at compile time), and `DomainError.test.ts` holds every effect the domain exports, and every
 * error class it exports, to this union, so a new error cannot reach a client unmapped. Database and network failures
 * are not here: adapters turn them into defects.
 */
import type * as ApiToken from "./ApiToken.ts"
import type * as ContractLifecycle from "./ContractLifecycle.ts"
import type * as Customer from "./Customer.ts"
import type * as CustomerImport from "./CustomerImport.ts"
import type * as Grant from "./Grant.ts"
import type * as Order from "./Order.ts"
import type * as Page from "./Page.ts"
import type * as Permission from "./Permission.ts"
import type { RoleInUse } from "./ports/RoleRepository.ts"
import type * as Role from "./Role.ts"
import type * as SubscriptionContract from "./SubscriptionContract.ts"
import type * as Usage from "./Usage.ts"
import type * as Validation from "./Validation.ts"
import type * as Version from "./Version.ts"
import type * as Webhook from "./Webhook.ts"
import type * as WebhookUrl from "./WebhookUrl.ts"

/** A failure a use case may end with; each is answered to the caller by its tag. */
export type DomainError =
  | Validation.InputInvalid
  | Page.CursorInvalid
  | WebhookUrl.WebhookUrlRefused
  | ApiToken.Unauthenticated
  | Permission.PermissionDenied
  | Grant.GrantExceedsOwn
  | Grant.RoleOutOfReach
  | Grant.AdminRoleReserved
  | Customer.CustomerNotFound
  | Order.OrderNotFound
  | SubscriptionContract.SubscriptionContractNotFound
  | Role.RoleNotFound
  | ApiToken.ApiTokenNotFound
  | Webhook.WebhookEndpointNotFound
  | Webhook.DeliveryNotFound
  | CustomerImport.ImportNotFound
  | Version.VersionConflict
  | Customer.IdentifierTaken
  | Customer.ExternalReferenceTaken
  | Usage.IdempotencyKeyReused
  | Role.RoleNameTaken
  | RoleInUse
  | ContractLifecycle.ContractTransitionInvalid
  | Usage.UsageNotAccepted
  | Role.RoleImmutable
  | Webhook.WebhookTestLimitReached

/** The tag of a domain failure, e.g. `"CustomerNotFound"`. */
export type Tag = DomainError["_tag"]
