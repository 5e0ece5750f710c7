/**
 * API tokens (PRODUCT.md §5): each belongs to one tenant and one role. The secret is shown once on create and stored
 * only as a hash; it starts with the token's id, so the API finds the row by id and then compares hashes in constant
 * time instead of searching by hash.
 */
import { type DateTime, Option, Schema } from "effect"
import { Base64Url } from "effect/encoding"
import * as Ids from "./Ids.ts"
import * as Role from "./Role.ts"

export const ApiTokenId = Schema.String.check(Ids.isId("apiToken")).pipe(Schema.brand("ApiTokenId"))
export type ApiTokenId = typeof ApiTokenId.Type

/** A token's name: 1–100 characters. */
export const Name = Schema.Trim.check(Schema.isBetweenLength(1, 100, { message: "must be 1 to 100 characters" }))

/** The token record as stored and as the API lists it: never its secret nor the secret's hash. */
export const ApiToken = Schema.Struct({
  id: ApiTokenId,
  name: Name,
  roleId: Role.RoleId,
  createdAt: Schema.DateTimeUtcFromString,
  lastUsedAt: Schema.optionalKey(Schema.DateTimeUtcFromString),
  revokedAt: Schema.optionalKey(Schema.DateTimeUtcFromString)
})
export type ApiToken = typeof ApiToken.Type
export type ApiTokenJson = typeof ApiToken.Encoded

/** What a client sends to create a token. */
export const CreateInput = Schema.Struct({ name: Name, roleId: Role.RoleId })
export type CreateInput = typeof CreateInput.Type

/** No token of this tenant has this id. */
export class ApiTokenNotFound extends Schema.TaggedError<ApiTokenNotFound>()("ApiTokenNotFound", {
  id: Schema.String
}) {
  override get message() {
    return `API token ${this.id} not found`
  }
}

/** Why a call was not authenticated. */
export const UnauthenticatedReason = Schema.Literals(["missing", "malformed", "unknown", "revoked"])
export type UnauthenticatedReason = typeof UnauthenticatedReason.Type

const reasonMessages: Record<UnauthenticatedReason, string> = {
  missing: "no API token given",
  malformed: "the API token is malformed",
  unknown: "the API token is not valid",
  revoked: "the API token has been revoked"
}

/** The call carries no valid API token. */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  reason: UnauthenticatedReason
}) {
  override get message() {
    return reasonMessages[this.reason]
  }
}

/** The secret handed to the client once: the token id, a dot, and the random bytes in unpadded base64url. */
export const secretFor = (id: ApiTokenId, randomBytes: Uint8Array): string => `${id}.${Base64Url.encode(randomBytes)}`

const isTokenId = Schema.is(ApiTokenId)
const randomPart = /^[A-Za-z0-9_-]+$/

/** The token id a presented secret claims, when it has the shape `secretFor` produces. */
export const idOfSecret = (secret: string): Option.Option<ApiTokenId> => {
  const dot = secret.indexOf(".")
  if (dot < 0) return Option.none()
  const id = secret.slice(0, dot)
  return isTokenId(id) && randomPart.test(secret.slice(dot + 1)) ? Option.some(id) : Option.none()
}

/** Builds a new token from a decoded create input. */
export const make = (
  input: CreateInput,
  context: { readonly id: ApiTokenId; readonly now: DateTime.Utc }
): ApiToken => ({
  id: context.id,
  name: input.name,
  roleId: input.roleId,
  createdAt: context.now
})

/** Whether the token still authenticates calls. */
export const isActive = (token: ApiToken): boolean => token.revokedAt === undefined

/** The token revoked at `now`; revoking twice keeps the first time. */
export const revoke = (token: ApiToken, now: DateTime.Utc): ApiToken =>
  token.revokedAt === undefined ? { ...token, revokedAt: now } : token
